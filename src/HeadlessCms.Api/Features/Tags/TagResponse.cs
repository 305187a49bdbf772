using System.Linq.Expressions;
using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;

namespace HeadlessCms.Api.Features.Tags;

public sealed record TagResponse(
    Guid Id, string Slug, string Name, string? Description, int PublishedArticleCount, DateTime CreatedAt, DateTime UpdatedAt, int Version)
    : IVersionedResponse;

/// <summary>The editable fields of a tag, shared by create and replace.</summary>
public interface ITagFields
{
    string? Name { get; }
    string? Slug { get; }
    string? Description { get; }
}

internal sealed class TagFieldsRules : AbstractValidator<ITagFields>
{
    public TagFieldsRules()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Slug).Slug().When(x => x.Slug is not null);
        RuleFor(x => x.Description).MaximumLength(600);
    }
}

internal static class Tags
{
    public static Expression<Func<Tag, TagResponse>> Projection(CmsDbContext db) => t => new TagResponse(
        t.Id,
        t.Slug,
        t.Name,
        t.Description,
        db.ArticleTags.Count(x => x.TagId == t.Id && db.Articles.Any(a => a.Id == x.ArticleId && a.Status == ArticleStatus.Published)),
        t.CreatedAt,
        t.UpdatedAt,
        t.Version);

    public static void Apply(Tag tag, ITagFields fields, DateTime now)
    {
        tag.Name = fields.Name!.Trim();
        tag.Description = string.IsNullOrWhiteSpace(fields.Description) ? null : fields.Description.Trim();
        tag.UpdatedAt = now;
    }
}
