//! Zed extension that runs `guardrail lsp` and passes `lsp.guardrail.settings`
//! to it. The binary is, in this order: the `lsp.guardrail.binary.path`
//! setting, `guardrail` on PATH, or the latest GitHub release for this
//! platform, downloaded into the extension's work folder
//! (`guardrail-<tag>/guardrail`) and reused until a newer release appears.
use std::fs;

use zed_extension_api::{self as zed, serde_json, settings::LspSettings};

const REPOSITORY: &str = "guardrail-dev/guardrail";

struct GuardrailExtension {
    cached_binary_path: Option<String>,
}

fn guardrail_settings(worktree: &zed::Worktree) -> Option<serde_json::Value> {
    let settings = LspSettings::for_worktree("guardrail", worktree)
        .ok()
        .and_then(|s| s.settings)
        .unwrap_or_else(|| serde_json::json!({}));
    Some(serde_json::json!({ "guardrail": settings }))
}

/// goreleaser's archive for a platform: guardrail_<version>_<os>_<arch>.tar.gz
/// (.zip on Windows), version being the tag without its "v".
fn asset_name(tag: &str, os: zed::Os, arch: zed::Architecture) -> zed::Result<(String, zed::DownloadedFileType)> {
    let goos = match os {
        zed::Os::Mac => "darwin",
        zed::Os::Linux => "linux",
        zed::Os::Windows => "windows",
    };
    let goarch = match arch {
        zed::Architecture::Aarch64 => "arm64",
        zed::Architecture::X8664 => "amd64",
        zed::Architecture::X86 => return Err("guardrail has no release for 32-bit x86".to_string()),
    };
    let version = tag.strip_prefix('v').unwrap_or(tag);
    Ok(match os {
        zed::Os::Windows => (
            format!("guardrail_{version}_{goos}_{goarch}.zip"),
            zed::DownloadedFileType::Zip,
        ),
        _ => (
            format!("guardrail_{version}_{goos}_{goarch}.tar.gz"),
            zed::DownloadedFileType::GzipTar,
        ),
    })
}

impl GuardrailExtension {
    fn downloaded_binary(&mut self, id: &zed::LanguageServerId) -> zed::Result<String> {
        if let Some(path) = &self.cached_binary_path {
            if fs::metadata(path).is_ok_and(|m| m.is_file()) {
                return Ok(path.clone());
            }
        }
        zed::set_language_server_installation_status(
            id,
            &zed::LanguageServerInstallationStatus::CheckingForUpdate,
        );
        let release = zed::latest_github_release(
            REPOSITORY,
            zed::GithubReleaseOptions {
                require_assets: true,
                pre_release: false,
            },
        )?;
        let (os, arch) = zed::current_platform();
        let (name, file_type) = asset_name(&release.version, os, arch)?;
        let asset = release
            .assets
            .iter()
            .find(|a| a.name == name)
            .ok_or_else(|| format!("release {} of {REPOSITORY} has no {name}", release.version))?;
        let dir = format!("guardrail-{}", release.version);
        let exe = match os {
            zed::Os::Windows => "guardrail.exe",
            _ => "guardrail",
        };
        let path = format!("{dir}/{exe}");
        if !fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            zed::set_language_server_installation_status(
                id,
                &zed::LanguageServerInstallationStatus::Downloading,
            );
            zed::download_file(&asset.download_url, &dir, file_type)
                .map_err(|e| format!("downloading {name}: {e}"))?;
            zed::make_file_executable(&path)?;
            // Older releases downloaded before.
            if let Ok(entries) = fs::read_dir(".") {
                for entry in entries.flatten() {
                    let n = entry.file_name().to_string_lossy().to_string();
                    if n.starts_with("guardrail-") && n != dir {
                        fs::remove_dir_all(entry.path()).ok();
                    }
                }
            }
        }
        zed::set_language_server_installation_status(id, &zed::LanguageServerInstallationStatus::None);
        self.cached_binary_path = Some(path.clone());
        Ok(path)
    }
}

impl zed::Extension for GuardrailExtension {
    fn new() -> Self {
        GuardrailExtension {
            cached_binary_path: None,
        }
    }

    fn language_server_command(
        &mut self,
        language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        let binary = LspSettings::for_worktree("guardrail", worktree)
            .ok()
            .and_then(|s| s.binary);
        let configured = binary.as_ref().and_then(|b| b.path.clone());
        let path = match configured.or_else(|| worktree.which("guardrail")) {
            Some(path) => path,
            None => self.downloaded_binary(language_server_id).map_err(|e| {
                format!(
                    "guardrail is not on PATH and the release download failed ({e}); \
                     install it (https://github.com/guardrail-dev/guardrail/releases) \
                     or set lsp.guardrail.binary.path"
                )
            })?,
        };
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
