using FluentValidation;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>The editable content of an article, shared by create and replace.</summary>
public interface IArticleFields
{
    string? Title { get; }
    string? Slug { get; }
    string? Excerpt { get; }
    string? Body { get; }
    IReadOnlyList<string>? Highlights { get; }
    Guid? AuthorId { get; }
    IReadOnlyList<Guid>? TagIds { get; }
    SourceAttributionDto? Source { get; }

    /// <summary>Whether readers may comment; null keeps the current setting (on for a new article).</summary>
    bool? CommentsEnabled { get; }
}

internal sealed class ArticleFieldsRules : AbstractValidator<IArticleFields>
{
    public const int MaxBody = 200_000;
    public const int MaxTags = 20;

    public ArticleFieldsRules()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Slug).Slug().When(x => x.Slug is not null);
        RuleFor(x => x.Excerpt).MaximumLength(600);
        RuleFor(x => x.Body).NotNull().MaximumLength(MaxBody);
        RuleFor(x => x.AuthorId).NotEmpty();
        RuleFor(x => x.Highlights).MaxItems(HighlightRules.MaxCount).WithMessage($"An article has at most {HighlightRules.MaxCount} highlights.");
        RuleForEach(x => x.Highlights).HighlightText();
        RuleFor(x => x.TagIds).MaxItems(MaxTags).WithMessage($"An article has at most {MaxTags} tags.")
            .Must(t => t!.Distinct().Count() == t!.Count).WithMessage("A tag is listed twice.")
            .When(x => x.TagIds is not null);
        RuleFor(x => x.Source!.Name).NotEmpty().MaximumLength(200).When(x => x.Source is not null);
        RuleFor(x => x.Source!.Url).AbsoluteHttpUrl().When(x => x.Source is not null);
    }
}

internal static class HighlightRules
{
    public const int MaxCount = 20;
    public const int MaxLength = 500;

    public static IRuleBuilderOptions<T, string?> HighlightText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(h => !string.IsNullOrWhiteSpace(h)).WithMessage("A highlight cannot be empty.")
            .TrimmedMaximumLength(MaxLength).WithMessage($"A highlight has at most {MaxLength} characters.");

    public static List<string> Normalize(IEnumerable<string>? highlights) =>
        highlights?.Select(h => h.Trim()).ToList() ?? [];
}

/// <summary>Applies validated fields to an article, checking what only the database knows.</summary>
internal static class ArticleWriter
{
    public static async Task ApplyAsync(
        Article article, IArticleFields fields, CmsDbContext db, MarkdownRenderer markdown, DateTime now, CancellationToken ct)
    {
        var authorId = fields.AuthorId!.Value;
        if (!await db.Authors.AnyAsync(a => a.Id == authorId, ct))
        {
            throw ValidationRules.Field("authorId", $"No author has the id '{authorId}'.");
        }

        var tagIds = fields.TagIds ?? [];
        var known = await db.Tags.Where(t => tagIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        var unknown = tagIds.Except(known).ToList();
        if (unknown.Count > 0)
        {
            throw ValidationRules.Field("tagIds", $"No tag has the id {string.Join(", ", unknown.Select(id => $"'{id}'"))}.");
        }

        article.Title = fields.Title!.Trim();
        article.Body = fields.Body!;
        article.BodyHtml = markdown.ToHtml(article.Body);
        article.Excerpt = string.IsNullOrWhiteSpace(fields.Excerpt) ? MarkdownRenderer.DeriveExcerpt(article.Body) : fields.Excerpt.Trim();
        article.Highlights = HighlightRules.Normalize(fields.Highlights);
        article.AuthorId = authorId;
        article.ReadingTimeMinutes = MarkdownRenderer.ReadingTimeMinutes(article.Body);
        article.Source = fields.Source is null
            ? null
            : new SourceAttribution { Name = fields.Source.Name.Trim(), Url = fields.Source.Url, PublishedOn = fields.Source.PublishedOn };
        article.CommentsEnabled = fields.CommentsEnabled ?? article.CommentsEnabled;
        article.UpdatedAt = now;

        // Replace the tag list in the given order, keeping rows that stay so EF issues the minimum of writes.
        article.Tags.RemoveAll(t => !tagIds.Contains(t.TagId));
        for (var i = 0; i < tagIds.Count; i++)
        {
            var link = article.Tags.Find(t => t.TagId == tagIds[i]);
            if (link is null)
            {
                article.Tags.Add(new ArticleTag { ArticleId = article.Id, TagId = tagIds[i], Position = i });
            }
            else
            {
                link.Position = i;
            }
        }
    }
}
