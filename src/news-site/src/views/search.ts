import { api, send, type SearchHit } from "../api/client";
import { articleCard, pagedList } from "../components/articleList";
import { setSearchText } from "../components/searchBox";
import { config } from "../config";
import { h } from "../dom";
import type { PageContext } from "../router";
import { setTitle } from "./errors";

/**
 * `/search?q=`: the API's ranked hits, each with its title link, byline (author, date) and the snippet the API
 * marked up (every matched word in `<mark>`, everything else escaped, so it is inserted as HTML), paged with
 * "Load more" like every list. No hits: the empty state, and "Did you mean ...?" when the API has a correction.
 */
export async function searchPage({ main, url, signal }: PageContext): Promise<void> {
  const q = (url.searchParams.get("q") ?? "").trim();
  setSearchText(q);
  if (!q) {
    setTitle("Search");
    main.append(
      h(
        "div",
        { class: "page-head" },
        h("h1", {}, "Search"),
        h("p", { class: "lede" }, "Type a few words into the search box at the top of the page: a name, a metal, a place."),
      ),
    );
    return;
  }

  setTitle(`Search: ${q}`);
  const region = h("section", { class: "list-region search-results", "aria-label": "Search results" });
  main.append(h("div", { class: "page-head" }, h("p", { class: "eyebrow" }, "Search"), h("h1", {}, "Results for ", h("q", {}, q))), region);

  const shown = await pagedList<SearchHit>(region, {
    what: "the search results",
    emptyMessage: `No articles match “${q}”. Try fewer or different words.`,
    load: (cursor) => send(api.GET("/api/v1/search", { params: { query: { q, limit: config.pageSize, cursor } }, signal })),
    card: (hit) => articleCard(hit, "h2", hit.snippet),
  });
  if (shown !== "empty") return;

  // Nothing found: the API may know a spelling of the same words that does find something.
  try {
    const suggestions = await send(api.GET("/api/v1/search/suggest", { params: { query: { q } }, signal }));
    if (suggestions.didYouMean) {
      region.append(
        h(
          "p",
          { class: "did-you-mean" },
          "Did you mean ",
          h("a", { href: `/search?q=${encodeURIComponent(suggestions.didYouMean)}` }, suggestions.didYouMean),
          "?",
        ),
      );
    }
  } catch (error) {
    if (error instanceof DOMException) throw error;
    // The empty state already answers the reader; a failed correction adds nothing to say.
  }
}
