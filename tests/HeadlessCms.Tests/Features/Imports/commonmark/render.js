// Reads Markdown on stdin and writes the HTML of the CommonMark reference implementation (commonmark.js) on stdout.
const commonmark = require('commonmark');
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const html = new commonmark.HtmlRenderer({ safe: true }).render(new commonmark.Parser().parse(input));
  process.stdout.write(html);
});
