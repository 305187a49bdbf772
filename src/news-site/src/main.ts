import "./styles.css";
import { api, send } from "./api/client";
import { config } from "./config";
import { searchBox } from "./components/searchBox";
import { h } from "./dom";
import { fallback, route, start } from "./router";
import { articlePage } from "./views/article";
import { notFoundPage } from "./views/errors";
import { authorPage, homePage, tagPage } from "./views/lists";
import { searchPage } from "./views/search";

route("/", homePage);
route("/articles/:slug", articlePage);
route("/tags/:slug", tagPage);
route("/authors/:slug", authorPage);
route("/search", searchPage);
fallback(async ({ main }) => notFoundPage(main));

// The section links are the API's topics; a failure leaves just "Latest" (the page itself reports the problem).
const sections = h("ul", {}, h("li", {}, h("a", { href: "/" }, "Latest")));
document.getElementById("site-nav")?.append(sections);
send(api.GET("/api/v1/tags", { params: { query: { limit: 5 } } }))
  .then((tags) => sections.append(...(tags.items ?? []).map((tag) => h("li", {}, h("a", { href: `/tags/${encodeURIComponent(tag.slug ?? "")}` }, tag.name ?? "")))))
  .catch(() => {});
document.getElementById("search-slot")?.append(searchBox());

const footer = document.getElementById("footer-api");
if (footer) footer.textContent = `Content API: ${config.apiBaseUrl}`;

start();
