;;; guardrail.el --- guardrail prose linter through Eglot or lsp-mode  -*- lexical-binding: t; -*-

;; URL: https://github.com/guardrail-dev/guardrail/tree/main/editors/emacs
;; Version: 0.1
;; Package-Requires: ((emacs "26.3"))
;; Keywords: tools, languages, wp

;;; Commentary:

;; Registers `guardrail lsp' (https://github.com/guardrail-dev/guardrail)
;; with Eglot or lsp-mode.  Put this file on `load-path', then either
;;
;;   (require 'guardrail)
;;   (guardrail-eglot-setup t)      ; Eglot (Emacs 29+, or the eglot package)
;;
;; or
;;
;;   (require 'guardrail)
;;   (guardrail-lsp-mode-setup)     ; lsp-mode, then M-x lsp in a Markdown buffer
;;
;; Settings (sent as initializationOptions and answered to
;; workspace/configuration under "guardrail"): `guardrail-config-path',
;; `guardrail-extra-packs', `guardrail-min-severity', `guardrail-log-level',
;; and the limits `guardrail-max-document-size', `guardrail-max-findings',
;; `guardrail-analysis-timeout' (nil: the server's default; 0: no limit).
;;
;; Eglot runs one server per buffer: guardrail takes the prose modes in
;; `guardrail-eglot-modes' (Markdown, reStructuredText, AsciiDoc, HTML) and,
;; when nothing else claims them, `guardrail-eglot-fallback-modes' (plain
;; text, TOML).  Code buffers keep their own server (pylsp, gopls, ...).
;; lsp-mode runs guardrail as an add-on next to a language's own server, so
;; comments in code are checked there too.
;;
;; Without this file, the shortest Eglot setup is:
;;
;;   (with-eval-after-load 'eglot
;;     (add-to-list 'eglot-server-programs
;;                  '((markdown-mode gfm-mode rst-mode html-mode) . ("guardrail" "lsp"))))
;;   (add-hook 'markdown-mode-hook #'eglot-ensure)

;;; Code:

(require 'cl-lib)

(defgroup guardrail nil
  "The guardrail prose linter."
  :group 'tools
  :prefix "guardrail-")

(defcustom guardrail-command '("guardrail" "lsp")
  "Command that starts the guardrail language server.
Add \"--log-file\" \"/tmp/guardrail.log\" \"--log-level\" \"debug\" to debug."
  :type '(repeat string))

(defcustom guardrail-config-path nil
  "Use exactly this config file instead of discovering .guardrail.toml files."
  :type '(choice (const :tag "Discover" nil) file))

(defcustom guardrail-extra-packs nil
  "Packs added to every document's config, e.g. (\"builtin:plain-language\")."
  :type '(repeat string))

(defcustom guardrail-min-severity nil
  "Report only findings at least this severe: error, warning, info or hint."
  :type '(choice (const :tag "Server default (hint)" nil)
                 (const "error") (const "warning") (const "info") (const "hint")))

(defcustom guardrail-log-level nil
  "Server log level: debug, info, warn or error."
  :type '(choice (const :tag "Server default (info)" nil)
                 (const "debug") (const "info") (const "warn") (const "error")))

(defcustom guardrail-max-document-size nil
  "The largest document checked, in bytes; 0 means no limit.
A larger document gets one information diagnostic saying it was not
checked.  nil: the server's default, 10485760 (10 MB)."
  :type '(choice (const :tag "Server default (10 MB)" nil)
                 (natnum :tag "Bytes (0: no limit)")))

(defcustom guardrail-max-findings nil
  "The most findings shown per document; 0 means no limit.
Past it, one information diagnostic at the first finding left out says
how many were not shown.  nil: the server's default, 1000."
  :type '(choice (const :tag "Server default (1000)" nil)
                 (natnum :tag "Findings (0: no limit)")))

(defcustom guardrail-analysis-timeout nil
  "How long one check of a document may take, in milliseconds; 0 means no limit.
Past it, the findings so far are shown with an information diagnostic
where checking stopped.  nil: the server's default, 5000 (5 s)."
  :type '(choice (const :tag "Server default (5000 ms)" nil)
                 (natnum :tag "Milliseconds (0: no limit)")))

(defcustom guardrail-eglot-modes
  '(markdown-mode gfm-mode rst-mode adoc-mode html-mode mhtml-mode)
  "Major modes that Eglot serves with guardrail, ahead of other servers.
Eglot runs one server per buffer: these modes (and modes derived from
them) get guardrail instead of, say, marksman.  Take a mode out to keep
its other server."
  :type '(repeat symbol))

(defcustom guardrail-eglot-fallback-modes
  '(text-mode conf-toml-mode toml-ts-mode)
  "Major modes that Eglot serves with guardrail when no other server claims them.
Plain text files, and .guardrail.toml files (config errors as diagnostics)."
  :type '(repeat symbol))

(defcustom guardrail-file-regexp
  (concat "\\(?:\\.guardrail\\.toml\\|\\.\\(?:"
          (regexp-opt '("md" "markdown" "mdx" "mdown" "mkd" "mkdn" "txt" "text"
                        "html" "htm" "xhtml" "rst" "adoc" "asciidoc"
                        "go" "py" "pyi" "js" "jsx" "mjs" "cjs" "ts" "tsx" "mts" "cts"
                        "java" "c" "h" "cc" "cpp" "cxx" "hpp" "hh" "cs" "rs" "rb"
                        "sh" "bash" "zsh" "json" "yaml" "yml" "toml"))
          "\\)\\)\\'")
  "Files that lsp-mode opens with guardrail (as an add-on server)."
  :type 'regexp)

(defun guardrail--settings ()
  "The guardrail settings as a plist (:guardrail (...)), unset ones left out."
  (let (s)
    (when guardrail-log-level (setq s (plist-put s :logLevel guardrail-log-level)))
    (when guardrail-min-severity (setq s (plist-put s :minSeverity guardrail-min-severity)))
    (when guardrail-extra-packs (setq s (plist-put s :extraPacks (vconcat guardrail-extra-packs))))
    (when guardrail-config-path
      (setq s (plist-put s :configPath (expand-file-name guardrail-config-path))))
    ;; 0 (no limit) is sent; nil leaves the server's default.
    (when guardrail-max-document-size
      (setq s (plist-put s :maxDocumentSize guardrail-max-document-size)))
    (when guardrail-max-findings (setq s (plist-put s :maxFindings guardrail-max-findings)))
    (when guardrail-analysis-timeout
      (setq s (plist-put s :analysisTimeout guardrail-analysis-timeout)))
    (list :guardrail (or s (make-hash-table)))))

;;; Eglot

(defvar eglot-server-programs)
(defvar eglot-workspace-configuration)
(declare-function eglot-ensure "eglot")

(defun guardrail--eglot-workspace-configuration (&rest _)
  "Value for `eglot-workspace-configuration' with the guardrail section."
  (guardrail--settings))

;;;###autoload
(defun guardrail-eglot-setup (&optional ensure)
  "Register guardrail with Eglot.
`guardrail-eglot-modes' go first in `eglot-server-programs',
`guardrail-eglot-fallback-modes' last.  With ENSURE, start Eglot when a
file in one of those modes (exactly, not a derived one) is opened."
  (require 'eglot)
  (let ((contact (append guardrail-command
                         (list :initializationOptions
                               (lambda (&rest _) (guardrail--settings))))))
    (when guardrail-eglot-modes
      (add-to-list 'eglot-server-programs (cons guardrail-eglot-modes contact)))
    (when guardrail-eglot-fallback-modes
      (add-to-list 'eglot-server-programs (cons guardrail-eglot-fallback-modes contact) t)))
  ;; workspace/configuration: keep other servers' sections.
  (let ((cur (default-value 'eglot-workspace-configuration)))
    (cond
     ((null cur)
      (setq-default eglot-workspace-configuration #'guardrail--eglot-workspace-configuration))
     ((functionp cur)
      (setq-default eglot-workspace-configuration
                    (lambda (server)
                      (let ((v (funcall cur server)))
                        (if (or (null v) (keywordp (car-safe v)))
                            (append (guardrail--settings) v)
                          v)))))
     ((keywordp (car-safe cur))
      (setq-default eglot-workspace-configuration
                    (lambda (&rest _) (append (guardrail--settings) cur))))))
  (when ensure
    (dolist (mode (append guardrail-eglot-modes guardrail-eglot-fallback-modes))
      (add-hook (intern (format "%s-hook" mode)) #'guardrail--maybe-eglot-ensure))))

(defun guardrail--maybe-eglot-ensure ()
  "Start Eglot if this buffer's own major mode is one guardrail serves.
Mode hooks also run for derived modes (yaml-mode runs text-mode-hook):
those keep whatever server they have."
  (when (and buffer-file-name
             (memq major-mode (append guardrail-eglot-modes guardrail-eglot-fallback-modes)))
    (eglot-ensure)))

;;; lsp-mode

(declare-function lsp-register-client "lsp-mode")
(declare-function make-lsp-client "lsp-mode")
(declare-function lsp-stdio-connection "lsp-mode")
(declare-function lsp-register-custom-settings "lsp-mode")
(declare-function lsp--set-configuration "lsp-mode")
(declare-function lsp-configuration-section "lsp-mode")
(defvar lsp-language-id-configuration)
(defvar lsp--cur-workspace)

;;;###autoload
(defun guardrail-lsp-mode-setup ()
  "Register guardrail with lsp-mode as an add-on server.
Files matching `guardrail-file-regexp' get guardrail next to their
language's own server when lsp-mode starts (M-x lsp, or `lsp-deferred'
in a mode hook)."
  (require 'lsp-mode)
  (lsp-register-custom-settings
   '(("guardrail.configPath" guardrail-config-path)
     ("guardrail.extraPacks" (lambda () (and guardrail-extra-packs (vconcat guardrail-extra-packs))))
     ("guardrail.minSeverity" guardrail-min-severity)
     ("guardrail.logLevel" guardrail-log-level)
     ("guardrail.maxDocumentSize" guardrail-max-document-size)
     ("guardrail.maxFindings" guardrail-max-findings)
     ("guardrail.analysisTimeout" guardrail-analysis-timeout)))
  (dolist (m '((rst-mode . "restructuredtext") (adoc-mode . "asciidoc")
               (conf-toml-mode . "toml") (toml-ts-mode . "toml")))
    (unless (assq (car m) lsp-language-id-configuration)
      (add-to-list 'lsp-language-id-configuration m t)))
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection (lambda () guardrail-command))
    :activation-fn (lambda (file-name &rest _)
                     (and file-name (string-match-p guardrail-file-regexp file-name) t))
    :server-id 'guardrail
    :add-on? t
    :priority -2
    :initialization-options #'guardrail--settings
    :initialized-fn (lambda (workspace)
                      (let ((lsp--cur-workspace workspace))
                        (lsp--set-configuration (lsp-configuration-section "guardrail")))))))

(provide 'guardrail)
;;; guardrail.el ends here
