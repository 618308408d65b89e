/** Lower case without diacritics: "chay" finds "Cháy", "da lat" finds "Đà Lạt". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** The words of a search, folded; empty when there is nothing to search for. */
export function searchWords(query: string): string[] {
  return foldText(query).split(/\s+/).filter(Boolean);
}

/** Whether every word is in one of the texts (the console's and the hub's search agree). */
export function matchesWords(words: readonly string[], texts: readonly string[]): boolean {
  const haystack = foldText(texts.join('\n'));
  return words.every((word) => haystack.includes(word));
}
