export function pingWorkflowId(key: string): string {
  return `ping:${key}`;
}
