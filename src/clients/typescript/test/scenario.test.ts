// The seed page's editorial and reader scenario through the generated client, against a live API.
// CMS_API_URL and CMS_ADMIN_KEY name it; the xUnit test TypeScriptClientTests starts one and runs this file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCmsClient, header, type paths } from "../src/index.js";

const baseUrl = process.env.CMS_API_URL ?? "";
const adminKey = process.env.CMS_ADMIN_KEY ?? "";
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

type ArticleHeaders = paths["/api/v1/articles/{idOrSlug}"]["patch"]["responses"][200]["headers"];
type CreatedHeaders = paths["/api/v1/articles"]["post"]["responses"][201]["headers"];

test("editor and reader scenario", { skip: !baseUrl && "CMS_API_URL is not set" }, async () => {
  const admin = createCmsClient({ baseUrl, apiKey: adminKey });
  const keyFor = async (role: "editor" | "moderator") => {
    const { data, error } = await admin.POST("/api/v1/api-keys", { body: { name: unique(role), role } });
    assert.ok(data, JSON.stringify(error));
    return data.key;
  };
  const editor = createCmsClient({ baseUrl, apiKey: await keyFor("editor") });
  const moderator = createCmsClient({ baseUrl, apiKey: await keyFor("moderator") });
  const reader = createCmsClient({ baseUrl, headers: { "User-Agent": unique("ts-reader") } });

  // Author and tags.
  const author = (await editor.POST("/api/v1/authors", { body: { name: "Maya Okafor", bio: "Covers energy markets." } })).data;
  assert.ok(author);
  const tagIds: string[] = [];
  for (const name of ["Energy", "Markets"]) {
    const { data } = await editor.POST("/api/v1/tags", { body: { name: `${name} ${unique("t")}` } });
    assert.ok(data);
    tagIds.push(data.id);
  }

  // An article with highlights and a source; its ETag comes from the declared response headers.
  const created = await editor.POST("/api/v1/articles", {
    body: {
      title: `Grid storage doubles ${unique("a")}`,
      body: "## What changed\n\nBattery capacity on the grid doubled this year.",
      authorId: author.id,
      tagIds,
      highlights: ["Capacity doubled", "Prices fell by a third"],
      source: { name: "Energy Monitor", url: "https://example.com/report", publishedOn: "2026-11-30" },
    },
  });
  assert.equal(created.response.status, 201, JSON.stringify(created.error));
  assert.ok(created.data);
  assert.equal(created.data.status, "draft");
  assert.deepEqual(created.data.highlights, ["Capacity doubled", "Prices fell by a third"]);
  assert.equal(created.data.source?.name, "Energy Monitor");
  let etag = header<CreatedHeaders>(created.response, "ETag");
  assert.ok(etag, "a created article carries its ETag");
  assert.ok(header<CreatedHeaders>(created.response, "Location")?.endsWith(created.data.id));
  const id = created.data.id;

  // Without If-Match the write is refused (428); with it, the merge patch applies.
  const refused = await editor.PATCH("/api/v1/articles/{idOrSlug}", {
    params: { path: { idOrSlug: id } },
    body: { excerpt: "Storage doubled." },
    headers: { "Content-Type": "application/merge-patch+json" },
  });
  assert.equal(refused.response.status, 428);
  assert.ok(refused.error?.type, "every problem has a type");

  const patched = await editor.PATCH("/api/v1/articles/{idOrSlug}", {
    params: { path: { idOrSlug: id }, header: { "If-Match": etag } },
    body: { excerpt: "Storage doubled.", source: null },
    headers: { "Content-Type": "application/merge-patch+json" },
  });
  assert.ok(patched.data, JSON.stringify(patched.error));
  assert.equal(patched.data.excerpt, "Storage doubled.");
  assert.equal(patched.data.source, null);
  etag = header<ArticleHeaders>(patched.response, "ETag");
  assert.ok(etag);

  const published = await editor.POST("/api/v1/articles/{idOrSlug}/publish", {
    params: { path: { idOrSlug: id }, header: { "If-Match": etag } },
  });
  assert.ok(published.data, JSON.stringify(published.error));
  assert.equal(published.data.status, "published");
  const slug = published.data.slug;

  // A second published article, so the list has more than one page of one.
  const second = await editor.POST("/api/v1/articles", {
    body: { title: `Wind output record ${unique("a")}`, body: "Wind set a record.", authorId: author.id },
  });
  assert.ok(second.data);
  const secondTag = header<CreatedHeaders>(second.response, "ETag");
  assert.ok((await editor.POST("/api/v1/articles/{idOrSlug}/publish", {
    params: { path: { idOrSlug: second.data.id }, header: { "If-Match": secondTag } },
  })).data);

  // Anonymous reads: by slug, and a list paged by cursor.
  const read = await reader.GET("/api/v1/articles/{idOrSlug}", { params: { path: { idOrSlug: slug } } });
  assert.ok(read.data);
  assert.equal(read.data.id, id);
  assert.equal(read.data.author.name, "Maya Okafor");
  assert.equal(read.data.tags.length, 2);

  const first = await reader.GET("/api/v1/articles", { params: { query: { limit: 1 } } });
  assert.ok(first.data?.nextCursor, "more than one page");
  assert.equal(first.data.items.length, 1);
  const next = await reader.GET("/api/v1/articles", { params: { query: { limit: 1, cursor: first.data.nextCursor } } });
  assert.ok(next.data);
  assert.equal(next.data.items.length, 1);
  assert.notEqual(next.data.items[0]?.id, first.data.items[0]?.id);

  // A reader comments; a moderator approves; the thread shows it; another reader likes it.
  const submitted = await reader.POST("/api/v1/articles/{idOrSlug}/comments", {
    params: { path: { idOrSlug: slug } },
    body: { authorName: "Dana Reader", authorEmail: `${unique("dana")}@example.com`, body: "Useful numbers, thanks." },
  });
  assert.equal(submitted.response.status, 202, JSON.stringify(submitted.error));
  assert.ok(submitted.data);
  const commentId = submitted.data.id;

  const approved = await moderator.POST("/api/v1/comments/{id}/approve", { params: { path: { id: commentId } } });
  assert.ok(approved.data, JSON.stringify(approved.error));
  assert.equal(approved.data.status, "approved");

  const thread = await reader.GET("/api/v1/articles/{idOrSlug}/comments", { params: { path: { idOrSlug: slug } } });
  assert.ok(thread.data);
  assert.equal(thread.data.approvedCount, 1);
  assert.equal(thread.data.items[0]?.body, "Useful numbers, thanks.");

  const liker = createCmsClient({ baseUrl, headers: { "User-Agent": unique("ts-liker") } });
  const liked = await liker.POST("/api/v1/comments/{id}/likes", { params: { path: { id: commentId } } });
  assert.ok(liked.data, JSON.stringify(liked.error));
  assert.equal(liked.data.likes, 1);
});
