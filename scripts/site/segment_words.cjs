// Splits Chinese text into words at build time, for the search index
// (scripts/site/hooks.py): the ICU word segmentation that browsers use too,
// so that the index and the reader's query (search-words.js) agree.
// Input on stdin: a JSON array of strings; output: a JSON array of arrays of words.
"use strict";
const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const words = JSON.parse(input).map((text) => Array.from(segmenter.segment(text), (part) => part.segment));
  process.stdout.write(JSON.stringify(words));
});
