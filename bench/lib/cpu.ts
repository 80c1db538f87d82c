/**
 * CPU time of the processes a benchmark involves, read from /proc (Linux), so a table can say who
 * burns the machine's cores during each phase.
 *
 * Written by hand: process.cpuUsage() sees only the calling process, and the small npm readers
 * (pidusage and the like) report one pid's utime+stime; here a component is a process tree
 * (PostgreSQL is runuser → postmaster → one backend per connection, each its own session), and the
 * time of children that already exited must count too (cutime/cstime of their parent).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      ticksPerSecond = Number.NaN;
    }
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number;
}

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function readStat(pid: number | string): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited meanwhile
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the name: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17), numbered from 1.
  const at = (n: number): number => Number(fields[n - 3] ?? 0);
  return { pid: Number(pid), ppid: at(4), ticks: at(14) + at(15) + at(16) + at(17) };
}

function allProcesses(): ProcStat[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((e) => /^\d+$/.test(e))
    .map(readStat)
    .filter((s): s is ProcStat => s !== undefined);
}

/** A named set of processes: the root pids and all their descendants. */
export interface CpuGroup {
  name: string;
  pids: number[];
}

export interface CpuSnapshot {
  at: number;
  /** CPU milliseconds used so far, per group name. */
  groups: Record<string, number>;
  /** This process alone (process.cpuUsage), milliseconds. */
  self: number;
  /** Busy milliseconds of the whole machine, all cores (/proc/stat), or NaN off Linux. */
  machineBusy: number;
}

function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal …: busy is everything but idle and iowait.
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = (v[0] ?? 0) + (v[1] ?? 0) + (v[2] ?? 0) + (v[5] ?? 0) + (v[6] ?? 0) + (v[7] ?? 0);
    return (busy / clockTicks()) * 1000;
  } catch {
    return Number.NaN;
  }
}

/** One reading of every group's CPU time so far (each process tree summed once). */
export function cpuSnapshot(groups: CpuGroup[]): CpuSnapshot {
  const procs = allProcesses();
  const children = new Map<number, ProcStat[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const result: Record<string, number> = {};
  for (const group of groups) {
    const seen = new Set<number>();
    const stack = group.pids.filter((pid) => byPid.has(pid));
    let ticks = 0;
    while (stack.length > 0) {
      const pid = stack.pop()!;
      if (seen.has(pid)) continue;
      seen.add(pid);
      ticks += byPid.get(pid)?.ticks ?? 0;
      for (const child of children.get(pid) ?? []) stack.push(child.pid);
    }
    result[group.name] = (ticks / clockTicks()) * 1000;
  }
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    groups: result,
    self: (usage.user + usage.system) / 1000,
    machineBusy: machineBusyMs(),
  };
}

/** CPU used between two snapshots, milliseconds. */
export interface CpuSpent {
  wallMs: number;
  groups: Record<string, number>;
  self: number;
  machineBusy: number;
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuSpent {
  const groups: Record<string, number> = {};
  for (const [name, ms] of Object.entries(after.groups))
    groups[name] = Math.max(0, ms - (before.groups[name] ?? 0));
  return {
    wallMs: after.at - before.at,
    groups,
    self: after.self - before.self,
    machineBusy: after.machineBusy - before.machineBusy,
  };
}
