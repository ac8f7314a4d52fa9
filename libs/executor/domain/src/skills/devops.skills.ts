import type { ShellOutput, TaskInput, TextOutput } from '@agora/contracts';
import { upstreamOutputs } from './research.skills';

/** One finding about a host, from a command's output. */
interface Finding {
  severity: 'ok' | 'warning' | 'critical';
  text: string;
}

/** Reads `df -h`, `free -m` and `uptime` outputs; other commands are summarised by exit code. */
export function findingsOf(output: ShellOutput): Finding[] {
  const findings: Finding[] = [];
  if (output.exitCode !== 0) {
    findings.push({
      severity: 'critical',
      text: `\`${output.command}\` exited with ${output.exitCode}: ${output.stderr.trim() || 'no error output'}`,
    });
    return findings;
  }
  for (const line of output.stdout.split('\n')) {
    const disk = line.match(/(\d+)%\s+(\S+)\s*$/);
    if (disk && output.command.startsWith('df')) {
      const used = Number(disk[1]);
      const severity = used >= 95 ? 'critical' : used >= 85 ? 'warning' : 'ok';
      if (severity !== 'ok') findings.push({ severity, text: `${disk[2]} is ${used}% full` });
    }
    const mem = line.match(/^Mem:\s+(\d+)\s+(\d+)\s+(\d+)(?:\s+\d+\s+\d+\s+(\d+))?/);
    if (mem) {
      const total = Number(mem[1]);
      const available = Number(mem[4] ?? mem[3]);
      const share = total > 0 ? available / total : 1;
      const severity = share < 0.05 ? 'critical' : share < 0.15 ? 'warning' : 'ok';
      findings.push({
        severity,
        text: `memory: ${available} MiB of ${total} MiB available (${Math.round(share * 100)}%)`,
      });
    }
    const load = line.match(/load averages?:\s*([\d.]+),?\s+([\d.]+),?\s+([\d.]+)/);
    if (load) {
      const one = Number(load[1]);
      const severity = one >= 8 ? 'critical' : one >= 4 ? 'warning' : 'ok';
      findings.push({ severity, text: `load average ${load[1]} (1 min), ${load[3]} (15 min)` });
    }
  }
  if (findings.length === 0)
    findings.push({ severity: 'ok', text: `\`${output.command}\` ran cleanly` });
  return findings;
}

/** diagnose: the upstream command outputs turned into findings, worst first, with a verdict. */
export function diagnose(input: TaskInput): TextOutput {
  const outputs = upstreamOutputs(input, 'shell');
  const findings = outputs.flatMap(findingsOf);
  const rank = { critical: 0, warning: 1, ok: 2 } as const;
  findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
  const worst = findings[0]?.severity ?? 'ok';
  const verdict =
    outputs.length === 0
      ? 'No diagnostic output was available; nothing can be concluded.'
      : worst === 'critical'
        ? 'Critical: action is needed now.'
        : worst === 'warning'
          ? 'Degraded: keep an eye on the items below.'
          : 'Healthy: no problem found.';
  const lines = [`Diagnosis for: ${input.goal}`, '', verdict, ''];
  for (const f of findings) lines.push(`- [${f.severity}] ${f.text}`);
  return { kind: 'text', text: lines.join('\n').trimEnd() };
}
