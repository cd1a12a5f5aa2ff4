;;; guardrail-test.el --- headless test of editors/emacs/guardrail.el  -*- lexical-binding: t; -*-

;; Run by run.sh:  emacs --batch -l guardrail-test.el -f guardrail-test-run-eglot
;;            or:  ... -f guardrail-test-run-lsp-mode
;; with GUARDRAIL_EMACS_DIR (editors/emacs) and GUARDRAIL_TEST_FILE (the
;; sample Markdown file) in the environment and `guardrail' on PATH.
;;
;; Loads the package as the README says, opens the sample, waits for the
;; sre.access-claim diagnostic, asks for code actions at it, applies the
;; preferred "Replace with 'is powered by OpenAI models'" and checks the
;; text and that the diagnostic clears, then shuts the server down and
;; checks it exited 0.

;;; Code:

(require 'cl-lib)
(require 'package)
(package-initialize)                    ; Debian's elpa-* packages

(defconst guardrail-test-rule "sre.access-claim")
(defconst guardrail-test-title "Replace with 'is powered by OpenAI models'")
(defconst guardrail-test-before "SRE enables access to OpenAI models.")
(defconst guardrail-test-after "SRE is powered by OpenAI models.")
;; From builtin:plain-language, which only `guardrail-extra-packs' brings in:
;; its diagnostic proves the settings reached the server.
(defconst guardrail-test-settings-rule "plain.utilize")
(defvar guardrail-test-timeout
  (/ (string-to-number (or (getenv "GUARDRAIL_EMACS_TIMEOUT_MS") "15000")) 1000.0))

(defun guardrail-test-say (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defun guardrail-test-fail (fmt &rest args)
  (let ((msg (apply #'format fmt args)))
    (princ (format "FAIL: %s\n" msg) #'external-debugging-output)
    (kill-emacs 1)))

(defun guardrail-test-wait (pred what)
  "Wait up to `guardrail-test-timeout' seconds for PRED, else fail with WHAT."
  (let ((deadline (+ (float-time) guardrail-test-timeout)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      ;; Idle timers (Eglot's didChange, Flymake) do not run in batch.
      (run-hooks 'post-command-hook)
      (guardrail-test--run-idle-timers))
    (unless (funcall pred)
      (guardrail-test-fail "%s within %.0f s" what guardrail-test-timeout))))

(defun guardrail-test--run-idle-timers ()
  "Run pending idle timers, as an Emacs waiting for input would."
  (dolist (timer (copy-sequence timer-idle-list))
    (when (and (timerp timer) (not (timer--triggered timer)))
      (ignore-errors (timer-event-handler timer)))))

(defun guardrail-test-line ()
  (save-excursion
    (goto-char (point-min))
    (buffer-substring-no-properties (line-beginning-position) (line-end-position))))

(defun guardrail-test-setup-package ()
  (add-to-list 'load-path (getenv "GUARDRAIL_EMACS_DIR"))
  (require 'guardrail)
  (guardrail-test-limits-settings)
  (setq guardrail-extra-packs '("builtin:plain-language")
        ;; The limits go to the server too; these leave the results alone.
        guardrail-max-findings 1000
        guardrail-analysis-timeout 0))

(defun guardrail-test-limits-settings ()
  "The limit settings reach the settings sent: nil left out, 0 kept."
  (require 'json)
  (let ((got (json-encode (guardrail--settings))))
    (unless (equal got "{\"guardrail\":{}}")
      (guardrail-test-fail "default settings encode as %s" got)))
  (let* ((guardrail-max-document-size 0)
         (guardrail-max-findings 5)
         (guardrail-analysis-timeout 250)
         (got (json-encode (guardrail--settings)))
         (want "{\"guardrail\":{\"maxDocumentSize\":0,\"maxFindings\":5,\"analysisTimeout\":250}}"))
    (unless (equal got want)
      (guardrail-test-fail "limit settings encode as %s, want %s" got want)))
  (guardrail-test-say "ok   limit settings are sent (nil: left out; 0: no limit, kept)"))

(defun guardrail-test-open ()
  (let ((file (getenv "GUARDRAIL_TEST_FILE")))
    (find-file file)
    (unless (equal (guardrail-test-line) guardrail-test-before)
      (guardrail-test-fail "sample text is %S" (guardrail-test-line)))
    (guardrail-test-say "ok   opened %s in %s" (file-name-nondirectory file) major-mode)))

;;; Eglot

(defun guardrail-test--eglot-diags (&optional code)
  (cl-loop for d in (flymake-diagnostics)
           for lsp = (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))
           when (and lsp (equal (plist-get lsp :source) "guardrail")
                     (or (null code) (equal (plist-get lsp :code) code)))
           collect (cons d lsp)))

(defun guardrail-test-run-eglot ()
  (guardrail-test-say "Emacs %s, Eglot %s" emacs-version
                      (if (assq 'eglot package-alist)
                          (package-version-join (package-desc-version (cadr (assq 'eglot package-alist))))
                        "built-in"))
  (guardrail-test-setup-package)
  ;; As the README: (require 'guardrail) (guardrail-eglot-setup t)
  (guardrail-eglot-setup t)
  (guardrail-test-open)
  ;; eglot-ensure connects after the current command; batch has none.
  (run-hooks 'post-command-hook)
  (guardrail-test-wait (lambda () (eglot-current-server)) "Eglot did not connect to guardrail")
  (let ((server (eglot-current-server)))
    (guardrail-test-say "ok   Eglot connected: %s" (mapconcat #'identity (process-command (jsonrpc--process server)) " "))
    (flymake-start)
    (guardrail-test-wait (lambda () (flymake-start)
                           (and (guardrail-test--eglot-diags guardrail-test-rule)
                                (guardrail-test--eglot-diags guardrail-test-settings-rule)))
                         "no sre.access-claim and plain.utilize diagnostics in Flymake")
    (guardrail-test-say "ok   settings reached the server (extraPacks): %s" guardrail-test-settings-rule)
    (let* ((diags (guardrail-test--eglot-diags guardrail-test-rule))
           (d (car (car diags)))
           (lsp (cdr (car diags))))
      (unless (= (length diags) 1) (guardrail-test-fail "want 1 diagnostic, got %d" (length diags)))
      (unless (equal (plist-get lsp :code) guardrail-test-rule)
        (guardrail-test-fail "diagnostic code %S" (plist-get lsp :code)))
      (unless (string-match-p "is powered by OpenAI models" (plist-get lsp :message))
        (guardrail-test-fail "diagnostic message %S" (plist-get lsp :message)))
      (unless (equal (buffer-substring-no-properties (flymake-diagnostic-beg d) (flymake-diagnostic-end d))
                     "enables access to OpenAI models")
        (guardrail-test-fail "diagnostic covers %S"
                             (buffer-substring-no-properties (flymake-diagnostic-beg d) (flymake-diagnostic-end d))))
      (guardrail-test-say "ok   diagnostic: %s" (flymake-diagnostic-text d))
      ;; M-x eglot-code-actions at the finding, taking the offered default
      ;; (Eglot offers the preferred action as the default).
      (let (offered default)
        (cl-letf (((symbol-function 'completing-read)
                   (lambda (_prompt collection &rest args)
                     (setq offered (mapcar #'car collection)
                           default (nth 4 args))
                     default)))
          (let ((last-nonmenu-event 13)) ; a key, not a mouse click: no popup menu
            (eglot-code-actions (flymake-diagnostic-beg d) (flymake-diagnostic-end d) nil t)))
        (guardrail-test-say "ok   code actions: %s" (mapconcat #'identity offered "; "))
        (unless (equal default guardrail-test-title)
          (guardrail-test-fail "preferred (default) action is %S, want %S" default guardrail-test-title))))
    (unless (equal (guardrail-test-line) guardrail-test-after)
      (guardrail-test-fail "after the action the line is %S" (guardrail-test-line)))
    (guardrail-test-say "ok   applied: %s" (guardrail-test-line))
    (guardrail-test-wait (lambda () (flymake-start) (null (guardrail-test--eglot-diags guardrail-test-rule)))
                         "diagnostic did not clear after the fix")
    (unless (guardrail-test--eglot-diags guardrail-test-settings-rule)
      (guardrail-test-fail "%s went away with the fix" guardrail-test-settings-rule))
    (guardrail-test-say "ok   %s cleared (%s stays)" guardrail-test-rule guardrail-test-settings-rule)
    ;; shutdown then exit by hand: Emacs 28's jsonrpc-shutdown (which
    ;; eglot-shutdown ends with) kills the process without waiting for it.
    (let ((proc (jsonrpc--process server)))
      (setf (eglot--shutdown-requested server) t)
      (jsonrpc-request server :shutdown nil :timeout guardrail-test-timeout)
      (jsonrpc-notify server :exit nil)
      (guardrail-test-wait (lambda () (not (process-live-p proc))) "guardrail did not exit")
      (unless (eq (process-exit-status proc) 0)
        (guardrail-test-fail "guardrail exited %s" (process-exit-status proc)))
      (guardrail-test-say "ok   guardrail exited 0 after shutdown/exit")))
  (guardrail-test-say "PASS editors/emacs eglot (Emacs %s)" emacs-version)
  (kill-emacs 0))

;;; lsp-mode

(defvar lsp-session-file)
(defvar lsp-diagnostics-provider)
(defvar lsp-enable-file-watchers)
(defvar lsp-auto-guess-root)
(defvar lsp-restart)
(defvar lsp-keep-workspace-alive)
(defvar lsp-enable-snippet)
(defvar lsp-modeline-code-actions-enable)
(defvar lsp-headerline-breadcrumb-enable)
(defvar lsp--cur-workspace)

(defun guardrail-test--lsp-diags (file &optional code)
  (cl-remove-if-not (lambda (d) (and (equal (gethash "source" d) "guardrail")
                                     (or (null code) (equal (gethash "code" d) code))))
                    (gethash file (lsp-diagnostics t))))

(defun guardrail-test-run-lsp-mode ()
  (require 'lsp-mode)
  (guardrail-test-say "Emacs %s, lsp-mode %s" emacs-version
                      (if (assq 'lsp-mode package-alist)
                          (package-version-join (package-desc-version (cadr (assq 'lsp-mode package-alist))))
                        "?"))
  (setq lsp-session-file (expand-file-name "lsp-session" (getenv "GUARDRAIL_TEST_HOME"))
        lsp-diagnostics-provider :none
        lsp-enable-file-watchers nil
        lsp-restart 'ignore
        lsp-keep-workspace-alive nil
        lsp-enable-snippet nil
        lsp-modeline-code-actions-enable nil
        lsp-headerline-breadcrumb-enable nil)
  (guardrail-test-setup-package)
  ;; As the README: (require 'guardrail) (guardrail-lsp-mode-setup)
  (guardrail-lsp-mode-setup)
  (guardrail-test-open)
  (let ((file (buffer-file-name)))
    ;; A user answers lsp-mode's "import project root" question once; the
    ;; test adds the folder to the session instead.
    (lsp-workspace-folders-add (file-name-directory file))
    (lsp)
    (guardrail-test-wait (lambda () (lsp-workspaces)) "lsp-mode did not start guardrail")
    (guardrail-test-say "ok   lsp-mode started: %s"
                        (mapconcat (lambda (w) (symbol-name (lsp--client-server-id (lsp--workspace-client w))))
                                   (lsp-workspaces) ", "))
    (guardrail-test-wait (lambda () (and (guardrail-test--lsp-diags file guardrail-test-rule)
                                         (guardrail-test--lsp-diags file guardrail-test-settings-rule)))
                         "no sre.access-claim and plain.utilize diagnostics in lsp-mode")
    (guardrail-test-say "ok   settings reached the server (extraPacks): %s" guardrail-test-settings-rule)
    (let* ((diags (guardrail-test--lsp-diags file guardrail-test-rule))
           (d (car diags)))
      (unless (= (length diags) 1) (guardrail-test-fail "want 1 diagnostic, got %d" (length diags)))
      (unless (equal (gethash "code" d) guardrail-test-rule)
        (guardrail-test-fail "diagnostic code %S" (gethash "code" d)))
      (guardrail-test-say "ok   diagnostic [%s]: %s" (gethash "code" d) (gethash "message" d))
      (goto-char (point-min))
      (forward-char 10)
      (let* ((actions (lsp-code-actions-at-point))
             (titles (mapcar (lambda (a) (gethash "title" a)) actions))
             (preferred (cl-find-if (lambda (a) (eq (gethash "isPreferred" a) t)) actions)))
        (guardrail-test-say "ok   code actions: %s" (mapconcat #'identity titles "; "))
        (unless preferred (guardrail-test-fail "no preferred code action"))
        (unless (equal (gethash "title" preferred) guardrail-test-title)
          (guardrail-test-fail "preferred action is %S" (gethash "title" preferred)))
        (lsp-execute-code-action preferred)))
    (unless (equal (guardrail-test-line) guardrail-test-after)
      (guardrail-test-fail "after the action the line is %S" (guardrail-test-line)))
    (guardrail-test-say "ok   applied: %s" (guardrail-test-line))
    (guardrail-test-wait (lambda () (null (guardrail-test--lsp-diags file guardrail-test-rule)))
                         "diagnostic did not clear after the fix")
    (unless (guardrail-test--lsp-diags file guardrail-test-settings-rule)
      (guardrail-test-fail "%s went away with the fix" guardrail-test-settings-rule))
    (guardrail-test-say "ok   %s cleared (%s stays)" guardrail-test-rule guardrail-test-settings-rule)
    ;; shutdown then exit by hand: lsp-workspace-shutdown kills the process
    ;; right after sending exit, without waiting for it.
    (let* ((ws (car (lsp-workspaces)))
           (proc (lsp--workspace-proc ws)))
      (let ((lsp--cur-workspace ws))
        (lsp-request "shutdown" (make-hash-table))
        (lsp-notify "exit" nil))
      (guardrail-test-wait (lambda () (not (process-live-p proc))) "guardrail did not exit")
      (unless (eq (process-exit-status proc) 0)
        (guardrail-test-fail "guardrail exited %s" (process-exit-status proc)))
      (guardrail-test-say "ok   guardrail exited 0 after shutdown/exit")))
  (guardrail-test-say "PASS editors/emacs lsp-mode (Emacs %s)" emacs-version)
  (kill-emacs 0))

;;; guardrail-test.el ends here
