// A process's memory as the kernel accounts it: /proc/<pid>/status (Linux).
import fs from 'node:fs';

export interface ProcessMemory {
  /** Resident set size now (VmRSS), MiB. */
  rssMiB: number;
  /** Peak resident set size since the process started (VmHWM, the high-water mark), MiB. */
  hwmMiB: number;
}

/** VmRSS and VmHWM of a `/proc/<pid>/status` text. */
export function parseProcStatus(status: string): ProcessMemory {
  const kib = (field: string) => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!m) throw new Error(`no ${field} in /proc status`);
    return Number(m[1]);
  };
  return { rssMiB: Math.round(kib('VmRSS') / 1024), hwmMiB: Math.round(kib('VmHWM') / 1024) };
}

export function processMemory(pid: number): ProcessMemory {
  return parseProcStatus(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
}
