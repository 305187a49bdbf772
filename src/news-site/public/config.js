// Runtime configuration of the news site. A deployment replaces this file (no rebuild needed).
// apiBaseUrl: where the HeadlessCms API answers; the API must allow this site's origin (see the README).
// pageSize: articles per page on the home, tag, author and search pages.
window.newsSiteConfig = {
  apiBaseUrl: "http://localhost:5080",
  pageSize: 10,
};
