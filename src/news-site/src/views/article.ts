import { api, send, type Article, type ArticleListItem } from "../api/client";
import { byline, tagList } from "../components/articleList";
import { commentsSection } from "../components/comments";
import { newsletterBox } from "../components/newsletter";
import { busy, empty, failed } from "../components/states";
import { formatDate, h, trustedHtml } from "../dom";
import { navigate, type PageContext } from "../router";
import { avatar } from "./lists";
import { errorPage, setTitle } from "./errors";

/** The article page, in the shape of the reference page: article, author box, recent news, comments, newsletter. */
export async function articlePage({ main, params, signal }: PageContext): Promise<void> {
  const slug = params.slug ?? "";
  const articleRegion = h("div", { class: "article-region" });
  const sidebar = h("aside", { class: "sidebar", "aria-label": "More from Supply Lines" });
  main.append(h("div", { class: "article-layout" }, articleRegion, sidebar));
  const fill = busy(articleRegion, "the article");

  // The article and the newest list go out together; comments and the author's bio follow the article.
  const recent = send(api.GET("/api/v1/articles", { params: { query: { limit: 6 } }, signal }));
  recent.catch(() => {});

  let article: Article;
  try {
    article = await send(api.GET("/api/v1/articles/{idOrSlug}", { params: { path: { idOrSlug: slug } }, signal }));
  } catch (error) {
    if (error instanceof DOMException) throw error;
    main.replaceChildren();
    errorPage(main, error, "article");
    return;
  }

  // An old slug answered through the API's redirect: show the current address.
  if (article.slug && article.slug !== slug) navigate(`/articles/${encodeURIComponent(article.slug)}`, true);

  setTitle(article.title ?? "Article");
  const authorBox = h("section", { class: "author-box", "aria-labelledby": "author-box-title" });
  const comments = h("section", { class: "comments", id: "comments", "aria-labelledby": "comments-title" });
  fill(articleBody(article), authorBox, comments);

  const recentBox = h("section", { class: "side-box recent", "aria-labelledby": "recent-title" });
  sidebar.append(recentBox, newsletterBox());
  await Promise.all([
    fillAuthorBox(authorBox, article, signal),
    fillRecent(recentBox, recent, article.id ?? ""),
    commentsSection(comments, article, signal),
  ]);
}

function articleBody(article: Article): HTMLElement {
  const highlights = article.highlights ?? [];
  const source = article.source;
  return h(
    "article",
    { class: "article", "aria-labelledby": "article-title" },
    h(
      "header",
      { class: "article-header" },
      tagList(article.tags, "Topics"),
      h("h1", { id: "article-title" }, article.title ?? ""),
      byline(article),
      article.excerpt && h("p", { class: "lede" }, article.excerpt),
    ),
    highlights.length > 0 &&
      h(
        "section",
        { class: "highlights", "aria-labelledby": "highlights-title" },
        h("h2", { id: "highlights-title" }, "Highlights"),
        h("ul", {}, highlights.map((text) => h("li", {}, text))),
      ),
    h("div", { class: "prose article-body" }, trustedHtml(article.bodyHtml)),
    source?.name &&
      h(
        "p",
        { class: "source" },
        h("span", { class: "source-label" }, "Source: "),
        source.url ? h("a", { href: source.url, rel: "noopener" }, source.name) : source.name,
        source.publishedOn ? `, ${formatDate(source.publishedOn + "T12:00:00Z")}` : "",
        ".",
      ),
    h("footer", { class: "article-footer" }, tagList(article.tags, "Tags")),
  );
}

async function fillAuthorBox(box: HTMLElement, article: Article, signal: AbortSignal): Promise<void> {
  const summary = article.author;
  if (!summary?.slug) {
    box.remove();
    return;
  }
  const done = busy(box, "the author");
  try {
    const author = await send(api.GET("/api/v1/authors/{idOrSlug}", { params: { path: { idOrSlug: summary.slug } }, signal }));
    done(
      avatar(author.name, author.avatarUrl, "avatar-large"),
      h(
        "div",
        {},
        h("h2", { id: "author-box-title" }, "By ", h("a", { href: `/authors/${encodeURIComponent(author.slug ?? "")}` }, author.name ?? "")),
        author.bioHtml ? h("div", { class: "bio prose" }, trustedHtml(author.bioHtml)) : h("span"),
      ),
    );
  } catch (error) {
    if (error instanceof DOMException) throw error;
    done(h("h2", { id: "author-box-title" }, `By ${summary.name ?? ""}`), failed(error, "the author's bio"));
  }
}

async function fillRecent(box: HTMLElement, recent: Promise<{ items?: ArticleListItem[] }>, currentId: string): Promise<void> {
  const done = busy(box, "recent news");
  const title = h("h2", { id: "recent-title" }, "Recent News");
  try {
    const others = ((await recent).items ?? []).filter((item) => item.id !== currentId).slice(0, 5);
    done(
      title,
      others.length
        ? h(
            "ol",
            { class: "recent-list" },
            others.map((item) =>
              h(
                "li",
                {},
                h("a", { href: `/articles/${encodeURIComponent(item.slug ?? "")}` }, item.title ?? ""),
                h("span", { class: "muted recent-date" }, formatDate(item.publishedAt)),
              ),
            ),
          )
        : empty("No other articles yet."),
    );
  } catch (error) {
    if (error instanceof DOMException) throw error;
    done(title, failed(error, "recent news"));
  }
}
