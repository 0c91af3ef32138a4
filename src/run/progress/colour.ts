/**
 * Colour for progress output, through node:util's styleText, decided once per stream: FORCE_COLOR (not 0)
 * turns it on even in a pipe, NO_COLOR turns it off, otherwise a terminal that says it has colours gets
 * them (tty's hasColors reads TERM and both variables too). Off, every style is the text unchanged.
 */
import { styleText } from 'node:util';

export interface Colours {
  red(text: string): string;
  green(text: string): string;
  dim(text: string): string;
}

export function colourEnabled(stream: { isTTY?: boolean; hasColors?: () => boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return Boolean(stream.isTTY && stream.hasColors?.());
}

const style = (format: 'red' | 'green' | 'dim') => (text: string) =>
  // the choice is made above; validateStream (Node 22.13+) would make it again against stdout
  styleText(format, text, { validateStream: false } as never);

export const COLOURS: Colours = { red: style('red'), green: style('green'), dim: style('dim') };
export const NO_COLOURS: Colours = { red: (t) => t, green: (t) => t, dim: (t) => t };

export function coloursFor(stream: { isTTY?: boolean; hasColors?: () => boolean }, env: NodeJS.ProcessEnv = process.env): Colours {
  return colourEnabled(stream, env) ? COLOURS : NO_COLOURS;
}
