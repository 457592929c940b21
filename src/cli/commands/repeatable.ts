// commander's collector for a repeatable option (`--bind a=1 --bind b=2`): every value, in order.
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
