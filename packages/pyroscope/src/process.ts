/**
 * What an uploader may know of a profiled process besides its pid, supplied by the caller (the CLI
 * reads it from /proc through memory-reader; this package reads nothing itself). Pyroscope series
 * get `container_id` and `k8s_pod_uid` labels from it, OTLP resources the semantic-convention
 * attributes.
 */
export interface ProcessDescription {
  /** Full path of the executable (`process.executable.path`; its base name is `process.executable.name`). */
  executablePath?: string | undefined;
  /** argv (`process.command_line` is it joined with spaces). */
  commandLine?: readonly string[] | undefined;
  /** `process.runtime.name`, e.g. `CPython`. */
  runtimeName?: string | undefined;
  /** `process.runtime.version`, e.g. `3.12.4`. */
  runtimeVersion?: string | undefined;
  /** Container id from the cgroup path (`container.id`). */
  containerId?: string | undefined;
  /** Kubernetes pod uid from a kubepods cgroup path (`k8s.pod.uid`). */
  podUid?: string | undefined;
  /** The pid inside the process's own pid namespace, when it differs from the host pid. */
  namespacePid?: number | undefined;
}

/** A process with nothing known beyond its pid. */
export const unknownProcess: ProcessDescription = Object.freeze({});

/**
 * Pyroscope labels of what is known of a process (`container_id`, `k8s_pod_uid`: OTel's attribute
 * names with `_`, the form Pyroscope gives them when it ingests OTLP, so both paths query alike).
 */
export function processLabels(p: ProcessDescription): Array<readonly [string, string]> {
  const labels: Array<readonly [string, string]> = [];
  if (p.containerId !== undefined) labels.push(['container_id', p.containerId]);
  if (p.podUid !== undefined) labels.push(['k8s_pod_uid', p.podUid]);
  return labels;
}
