/**
 * `stapsdt-ls --completion bash|zsh|fish`: a completion script for the shell,
 * to be sourced or installed where the shell looks:
 *
 *   bash: `stapsdt-ls --completion bash > /etc/bash_completion.d/stapsdt-ls`
 *         (or `source <(stapsdt-ls --completion bash)` in ~/.bashrc)
 *   zsh:  `stapsdt-ls --completion zsh > "${fpath[1]}/_stapsdt-ls"`
 *   fish: `stapsdt-ls --completion fish > ~/.config/fish/completions/stapsdt-ls.fish`
 *
 * Options, the format names after `--format`, the shells after
 * `--completion`, process ids after `--pid`, directories after `-r` and files
 * elsewhere. The option list is data here; a test checks it against the
 * command line's `CLI_OPTIONS`.
 */

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** An option as the scripts offer it. */
interface Option {
  readonly long: string;
  readonly short?: string;
  readonly help: string;
  /** What its argument completes to. */
  readonly arg?: "format" | "shell" | "pid" | "glob";
}

const FORMAT_NAMES = ["table", "json", "jsonl", "uprobe", "bpftrace", "bpftrace-script", "stap"];

export const COMPLETED_OPTIONS: readonly Option[] = [
  { long: "recursive", short: "r", help: "walk directories for ELF objects with probes" },
  { long: "all", help: "also list objects without probes" },
  { long: "json", help: "one JSON document" },
  { long: "format", help: "output format", arg: "format" },
  { long: "deps", help: "also the shared objects each file needs" },
  { long: "pid", short: "p", help: "objects mapped in a process", arg: "pid" },
  { long: "names", help: "name the arguments of known probes in the table" },
  { long: "provider", help: "only providers matching a glob", arg: "glob" },
  { long: "name", help: "only probe names matching a glob", arg: "glob" },
  { long: "notes", short: "n", help: "all notes as readelf -n" },
  { long: "wide", short: "W", help: "with -n: like readelf -W" },
  { long: "quiet", short: "q", help: "no progress line or summary" },
  { long: "completion", help: "print a completion script", arg: "shell" },
  { long: "help", short: "h", help: "show the help" },
  { long: "version", short: "V", help: "show the version" },
];

/** The completion script for `shell`. */
export function completionScript(shell: Shell): string {
  switch (shell) {
    case "bash":
      return bash();
    case "zsh":
      return zsh();
    case "fish":
      return fish();
  }
}

function bash(): string {
  const words = COMPLETED_OPTIONS.flatMap((o) => [`--${o.long}`, ...(o.short ? [`-${o.short}`] : [])]).join(" ");
  const takes = COMPLETED_OPTIONS.filter((o) => o.arg === "glob").flatMap((o) => [`--${o.long}`]).join("|");
  return `# bash completion for stapsdt-ls (stapsdt-ls --completion bash)
_stapsdt_ls() {
  local cur prev
  cur=\${COMP_WORDS[COMP_CWORD]}
  prev=\${COMP_WORDS[COMP_CWORD-1]}
  case $prev in
    --format) COMPREPLY=($(compgen -W "${FORMAT_NAMES.join(" ")}" -- "$cur")); return ;;
    --completion) COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")); return ;;
    -p|--pid) COMPREPLY=($(compgen -W "$(ls /proc 2>/dev/null | grep -E '^[0-9]+$')" -- "$cur")); return ;;
    ${takes}) return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "${words}" -- "$cur"))
    return
  fi
  local w
  for w in "\${COMP_WORDS[@]}"; do
    if [[ $w == -r || $w == --recursive ]]; then
      COMPREPLY=($(compgen -d -- "$cur"))
      return
    fi
  done
  COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _stapsdt_ls stapsdt-ls
`;
}

/** A zsh `_arguments` spec for one option. */
function zshSpec(o: Option): string {
  const help = o.help.replace(/[[\]:']/g, "");
  const action = o.arg === "format" ? `:format:(${FORMAT_NAMES.join(" ")})`
    : o.arg === "shell" ? ":shell:(bash zsh fish)"
    : o.arg === "pid" ? ":process id:_pids"
    : o.arg === "glob" ? ":glob: "
    : "";
  const names = o.short ? `{-${o.short},--${o.long}}` : `--${o.long}`;
  const exclusive = o.short ? `'(-${o.short} --${o.long})'` : "";
  return `    ${exclusive}${names}'[${help}]${action}'`;
}

function zsh(): string {
  return `#compdef stapsdt-ls
# zsh completion for stapsdt-ls (stapsdt-ls --completion zsh)
_stapsdt-ls() {
  _arguments -s -S \\
${COMPLETED_OPTIONS.map((o) => zshSpec(o) + " \\").join("\n")}
    '*:file:_files'
}
_stapsdt-ls "$@"
`;
}

function fish(): string {
  const lines = COMPLETED_OPTIONS.map((o) => {
    const parts = ["complete -c stapsdt-ls", `-l ${o.long}`];
    if (o.short) parts.push(`-s ${o.short}`);
    if (o.arg === "format") parts.push(`-x -a '${FORMAT_NAMES.join(" ")}'`);
    else if (o.arg === "shell") parts.push("-x -a 'bash zsh fish'");
    else if (o.arg === "pid") parts.push("-x -a '(__fish_complete_pids)'");
    else if (o.arg === "glob") parts.push("-x");
    parts.push(`-d '${o.help.replace(/'/g, "\\'")}'`);
    return parts.join(" ");
  });
  return `# fish completion for stapsdt-ls (stapsdt-ls --completion fish)
${lines.join("\n")}
`;
}
