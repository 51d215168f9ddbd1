import { create } from 'zustand';

export interface Question<V extends string> {
  title: string;
  body: string;
  /** the first is the safe choice, focused first; Esc picks none (null) */
  choices: { label: string; value: V }[];
}

interface Asking {
  question: Question<string> | null;
  answer: ((value: string | null) => void) | null;
}

export const useAsk = create<Asking>()(() => ({ question: null, answer: null }));

/**
 * Asks the person in the page (never a window.confirm, which blocks the page
 * and its pushes) and resolves with their choice, or null when dismissed.
 * A question still open is answered null by the next one.
 */
export function ask<V extends string>(question: Question<V>): Promise<V | null> {
  useAsk.getState().answer?.(null);
  return new Promise((resolve) => {
    useAsk.setState({
      question,
      answer: (value) => {
        useAsk.setState({ question: null, answer: null });
        resolve(value as V | null);
      },
    });
  });
}
