using System.Text.Json;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Data;

/// <summary>The articles, authors and tags a new installation starts with, so there is something to read at once.</summary>
public static class SampleContent
{
    private sealed record File(List<AuthorSeed> Authors, List<TagSeed> Tags, List<ArticleSeed> Articles);

    private sealed record AuthorSeed(string Slug, string Name, string? Bio, string? AvatarUrl, string? WebsiteUrl);

    private sealed record TagSeed(string Slug, string Name, string? Description);

    private sealed record SourceSeed(string Name, string? Url, DateOnly? PublishedOn);

    private sealed record ArticleSeed(
        string Slug, string Title, string? Excerpt, string Body, List<string> Highlights, string AuthorSlug,
        List<string> TagSlugs, SourceSeed? Source, DateTime PublishedAt);

    public static async Task LoadIfEmptyAsync(CmsDbContext db, MarkdownRenderer markdown, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Articles.AnyAsync(ct) || await db.Authors.AnyAsync(ct) || await db.Tags.AnyAsync(ct))
        {
            return;
        }

        await using var stream = typeof(SampleContent).Assembly.GetManifestResourceStream("HeadlessCms.SampleContent.json")
            ?? throw new InvalidOperationException("The sample content resource is missing.");
        var file = await JsonSerializer.DeserializeAsync<File>(stream, JsonSerializerOptions.Web, ct)
            ?? throw new InvalidOperationException("The sample content is empty.");

        var now = clock.GetUtcNow().UtcDateTime;
        var authors = file.Authors.ToDictionary(a => a.Slug, a => new Author
        {
            Id = Guid.CreateVersion7(),
            Slug = a.Slug,
            Name = a.Name,
            Bio = a.Bio,
            BioHtml = markdown.ToHtml(a.Bio),
            AvatarUrl = a.AvatarUrl,
            WebsiteUrl = a.WebsiteUrl,
            CreatedAt = now,
            UpdatedAt = now,
        });
        var tags = file.Tags.ToDictionary(t => t.Slug, t => new Tag
        {
            Id = Guid.CreateVersion7(),
            Slug = t.Slug,
            Name = t.Name,
            Description = t.Description,
            CreatedAt = now,
            UpdatedAt = now,
        });

        db.Authors.AddRange(authors.Values);
        db.Tags.AddRange(tags.Values);
        foreach (var seed in file.Articles)
        {
            var publishedAt = seed.PublishedAt.ToUniversalTime();
            var id = Guid.CreateVersion7(publishedAt);
            db.Articles.Add(new Article
            {
                Id = id,
                Slug = seed.Slug,
                Title = seed.Title,
                Excerpt = seed.Excerpt ?? MarkdownRenderer.DeriveExcerpt(seed.Body),
                Body = seed.Body,
                BodyHtml = markdown.ToHtml(seed.Body),
                Highlights = seed.Highlights,
                AuthorId = authors[seed.AuthorSlug].Id,
                Tags = seed.TagSlugs.Select((slug, i) => new ArticleTag { ArticleId = id, TagId = tags[slug].Id, Position = i }).ToList(),
                Source = seed.Source is null ? null : new SourceAttribution { Name = seed.Source.Name, Url = seed.Source.Url, PublishedOn = seed.Source.PublishedOn },
                Status = ArticleStatus.Published,
                PublishedAt = publishedAt,
                ListedAt = publishedAt,
                CreatedAt = publishedAt,
                UpdatedAt = publishedAt,
                ReadingTimeMinutes = MarkdownRenderer.ReadingTimeMinutes(seed.Body),
            });
        }

        await db.SaveChangesAsync(ct);
    }
}
