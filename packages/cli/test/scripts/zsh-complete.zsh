# usage: zsh -f zsh-complete.zsh SCRIPT TEXT — prints the command line an interactive zsh shows after
# TEXT and a TAB, with SCRIPT (a completion script) sourced: the real completion system, in a pty.
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PS1='>'; autoload -Uz compinit; compinit -u -d ${TMPDIR:-/tmp}/pyglass-zcompdump-$$; source $1"
zpty -w -n z "$2"$'\t'
zpty -w -n z $'\x01echo ${:-RESULT}:\n'
zpty -r z out '*RESULT:*'$'\n'
print -r -- "${${out##*RESULT:}%%$'\r'*}"
zpty -d z
