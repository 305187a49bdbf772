using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Newsletter;

/// <summary>
/// Makes a digest of the articles published since the previous one and queues it for every confirmed subscriber whose
/// topics match. 202 with the digest; 409 when nothing new was published.
/// </summary>
public sealed record SendDigest(Caller Caller) : ICommand<DigestResponse>;

public sealed record DigestResponse(Guid Id, DateTime CreatedAt, string? RequestedBy, IReadOnlyList<string> Articles, int Recipients, DateTime? QueuedAt);

internal sealed class SendDigestHandler(CmsDbContext db, IOptions<NewsletterOptions> options, TimeProvider clock)
    : ICommandHandler<SendDigest, DigestResponse>
{
    public async ValueTask<DigestResponse> Handle(SendDigest command, CancellationToken ct)
    {
        var digest = await Digests.CreateAsync(db, options.Value, clock, command.Caller.KeyName ?? "admin", ct)
            ?? throw new ConflictException("No article has been published since the previous digest: there is nothing to send.");
        db.Record(command.Caller, "send-digest", "digest", digest.Id, null, digest.CreatedAt);
        await db.SaveChangesAsync(ct);
        return await Digests.GetAsync(db, digest.Id, ct);
    }
}

public sealed record GetDigest(Guid Id) : IQuery<DigestResponse>;

internal sealed class GetDigestHandler(CmsDbContext db) : IQueryHandler<GetDigest, DigestResponse>
{
    public async ValueTask<DigestResponse> Handle(GetDigest query, CancellationToken ct) => await Digests.GetAsync(db, query.Id, ct);
}

/// <summary>Which articles a digest carries, and which subscribers get which of them.</summary>
public static class Digests
{
    /// <summary>
    /// Adds a digest of the published articles no digest has carried yet, published since the previous digest (the
    /// first looks back Cms:Newsletter:FirstDigestLookback), and the job that queues its emails; the caller saves both
    /// in one transaction. Null when there is nothing new. The window also reaches one lookback before the previous
    /// digest, so an article the scheduler published late, with an earlier publishedAt, is not missed; the rule "one
    /// digest per article" (a unique index) keeps anything from going out twice, even when two instances race.
    /// </summary>
    public static async Task<NewsletterDigest?> CreateAsync(CmsDbContext db, NewsletterOptions options, TimeProvider clock, string requestedBy, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var previous = await db.NewsletterDigests.MaxAsync(d => (DateTime?)d.CreatedAt, ct);
        var since = (previous ?? now) - options.FirstDigestLookback;
        var articles = await db.Articles.AsNoTracking()
            .Where(a => a.Status == ArticleStatus.Published && a.PublishedAt > since && a.PublishedAt <= now)
            .Where(a => !db.Set<NewsletterDigestArticle>().Any(d => d.ArticleId == a.Id))
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .Select(a => a.Id)
            .ToListAsync(ct);
        if (articles.Count == 0)
        {
            return null;
        }

        var digest = new NewsletterDigest
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            CreatedAt = now,
            RequestedBy = requestedBy,
            Articles = articles.Select(id => new NewsletterDigestArticle { ArticleId = id }).ToList(),
        };
        db.NewsletterDigests.Add(digest);
        NewsletterJobs.QueueDigest(db, digest.Id, clock);
        return digest;
    }

    public static async Task<DigestResponse> GetAsync(CmsDbContext db, Guid id, CancellationToken ct)
    {
        var digest = await db.NewsletterDigests.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct)
            ?? throw new NotFoundException("Digest", id.ToString());
        var slugs = await db.Set<NewsletterDigestArticle>().AsNoTracking().Where(d => d.DigestId == id)
            .Join(db.Articles, d => d.ArticleId, a => a.Id, (d, a) => a)
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .Select(a => a.Slug)
            .ToListAsync(ct);
        return new DigestResponse(digest.Id, digest.CreatedAt, digest.RequestedBy, slugs, digest.Recipients, digest.QueuedAt);
    }

    /// <summary>The articles of a digest as emails show them, oldest first.</summary>
    public static Task<List<DigestArticle>> ArticlesAsync(CmsDbContext db, Guid digestId, CancellationToken ct) =>
        db.Set<NewsletterDigestArticle>().AsNoTracking().Where(d => d.DigestId == digestId)
            .Join(db.Articles.Where(a => a.Status == ArticleStatus.Published), d => d.ArticleId, a => a.Id, (d, a) => a)
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .Select(a => new DigestArticle(a.Id, a.Slug, a.Title, a.Excerpt, a.PublishedAt!.Value, a.Author.Name,
                a.Tags.Select(t => t.TagId).ToList()))
            .ToListAsync(ct);

    /// <summary>What one subscriber gets: everything without topics, otherwise the articles with at least one of their tags.</summary>
    public static List<DigestArticle> For(IReadOnlyCollection<Guid> topics, IEnumerable<DigestArticle> articles) =>
        topics.Count == 0 ? articles.ToList() : articles.Where(a => a.TagIds.Any(topics.Contains)).ToList();
}
