//! Zed extension that runs `guardrail lsp` (from the `lsp.guardrail.binary`
//! setting, else from PATH) and passes `lsp.guardrail.settings` to it.
use zed_extension_api::{self as zed, serde_json, settings::LspSettings};

struct GuardrailExtension;

fn guardrail_settings(worktree: &zed::Worktree) -> Option<serde_json::Value> {
    let settings = LspSettings::for_worktree("guardrail", worktree)
        .ok()
        .and_then(|s| s.settings)
        .unwrap_or_else(|| serde_json::json!({}));
    Some(serde_json::json!({ "guardrail": settings }))
}

impl zed::Extension for GuardrailExtension {
    fn new() -> Self {
        GuardrailExtension
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        let binary = LspSettings::for_worktree("guardrail", worktree)
            .ok()
            .and_then(|s| s.binary);
        let path = binary
            .as_ref()
            .and_then(|b| b.path.clone())
            .or_else(|| worktree.which("guardrail"))
            .ok_or_else(|| {
                "guardrail not found on PATH: go install github.com/guardrail-dev/guardrail/cmd/guardrail@latest, \
                 or set lsp.guardrail.binary.path"
                    .to_string()
            })?;
        let args = binary
            .and_then(|b| b.arguments)
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        Ok(zed::Command {
            command: path,
            args,
            env: worktree.shell_env(),
        })
    }

    fn language_server_initialization_options(
        &mut self,
        _language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<Option<serde_json::Value>> {
        Ok(guardrail_settings(worktree))
    }

    fn language_server_workspace_configuration(
        &mut self,
        _language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<Option<serde_json::Value>> {
        Ok(guardrail_settings(worktree))
    }
}

zed::register_extension!(GuardrailExtension);
