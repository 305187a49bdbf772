import { ApiError, type ArticleListItem } from "../api/client";
import { announce, h, plural, time, trustedHtml } from "../dom";
import { busy, empty, failed } from "./states";

export interface ListPage<T> {
  items?: T[];
  nextCursor?: string | null;
}

export function byline(item: Pick<ArticleListItem, "author" | "publishedAt" | "readingTimeMinutes">): HTMLElement {
  return h(
    "p",
    { class: "byline" },
    item.author && ["By ", h("a", { href: `/authors/${encodeURIComponent(item.author.slug ?? "")}`, class: "byline-author" }, item.author.name ?? "")],
    item.publishedAt && [h("span", { class: "dot", "aria-hidden": "true" }, " · "), time(item.publishedAt)],
    item.readingTimeMinutes ? [h("span", { class: "dot", "aria-hidden": "true" }, " · "), `${item.readingTimeMinutes} min read`] : null,
  );
}

export function tagList(tags: ArticleListItem["tags"], label = "Tags"): HTMLElement | null {
  if (!tags?.length) return null;
  return h(
    "ul",
    { class: "tags", "aria-label": label },
    tags.map((tag) => h("li", {}, h("a", { href: `/tags/${encodeURIComponent(tag.slug ?? "")}`, class: "tag" }, tag.name ?? ""))),
  );
}

/** One article in a list: the headline links to the article page. `snippet` is the search API's marked-up excerpt. */
export function articleCard(item: ArticleListItem, headingLevel: "h2" | "h3" = "h2", snippet?: string | null): HTMLElement {
  return h(
    "article",
    { class: "card", "data-slug": item.slug ?? "" },
    h(headingLevel, { class: "card-title" }, h("a", { href: `/articles/${encodeURIComponent(item.slug ?? "")}` }, item.title ?? "")),
    byline(item),
    snippet ? h("p", { class: "card-excerpt snippet" }, trustedHtml(snippet)) : item.excerpt && h("p", { class: "card-excerpt" }, item.excerpt),
    tagList(item.tags),
    item.commentCount ? h("p", { class: "card-comments muted" }, plural(item.commentCount, "comment")) : null,
  );
}

/**
 * A list of articles that follows the API's nextCursor with a "Load more" button. After more arrive, focus moves
 * to the first new headline so keyboard and screen-reader users continue where the new items start. Resolves with
 * what the first page showed.
 */
export async function pagedList<T>(
  region: HTMLElement,
  options: {
    what: string;
    emptyMessage: string;
    load: (cursor: string | undefined) => Promise<ListPage<T>>;
    card: (item: T) => HTMLElement;
  },
): Promise<"listed" | "empty" | "failed"> {
  const list = h("div", { class: "card-list" });
  const more = h("div", { class: "load-more" });
  const done = busy(region, options.what);

  const loadPage = async (cursor: string | undefined): Promise<ListPage<T>> => options.load(cursor);

  let page: ListPage<T>;
  try {
    page = await loadPage(undefined);
  } catch (error) {
    if (error instanceof DOMException) throw error;
    if (error instanceof ApiError && error.kind === "not-found") throw error;
    done(failed(error, options.what, () => void pagedList(region, options)));
    return "failed";
  }

  const items = page.items ?? [];
  if (items.length === 0) {
    done(empty(options.emptyMessage));
    return "empty";
  }
  list.append(...items.map(options.card));
  done(list, more);

  const showMore = (cursor: string | null | undefined) => {
    more.replaceChildren();
    if (!cursor) return;
    const button = h("button", { type: "button", class: "button button-secondary" }, "Load more");
    button.addEventListener("click", async () => {
      button.disabled = true;
      button.textContent = "Loading…";
      list.setAttribute("aria-busy", "true");
      try {
        const next = await loadPage(cursor);
        const cards = (next.items ?? []).map(options.card);
        list.append(...cards);
        list.removeAttribute("aria-busy");
        announce(`${plural(cards.length, "more article")} loaded.`);
        showMore(next.nextCursor);
        cards[0]?.querySelector<HTMLElement>("a")?.focus();
      } catch (error) {
        list.removeAttribute("aria-busy");
        more.replaceChildren(failed(error, `more ${options.what}`, () => showMore(cursor)));
      }
    });
    more.append(button);
  };
  showMore(page.nextCursor);
  return "listed";
}
