using System.Linq.Expressions;
using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;

namespace HeadlessCms.Api.Features.Authors;

public sealed record AuthorResponse(
    Guid Id,
    string Slug,
    string Name,
    string? Bio,
    string? BioHtml,
    string? AvatarUrl,
    string? WebsiteUrl,
    int PublishedArticleCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version) : IVersionedResponse;

/// <summary>The editable fields of an author, shared by create and replace.</summary>
public interface IAuthorFields
{
    string? Name { get; }
    string? Slug { get; }
    string? Bio { get; }
    string? AvatarUrl { get; }
    string? WebsiteUrl { get; }
}

internal sealed class AuthorFieldsRules : AbstractValidator<IAuthorFields>
{
    public AuthorFieldsRules()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Slug).Slug().When(x => x.Slug is not null);
        RuleFor(x => x.Bio).MaximumLength(10_000);
        RuleFor(x => x.AvatarUrl).AbsoluteHttpUrl();
        RuleFor(x => x.WebsiteUrl).AbsoluteHttpUrl();
    }
}

internal static class Authors
{
    public static Expression<Func<Author, AuthorResponse>> Projection(CmsDbContext db) => a => new AuthorResponse(
        a.Id,
        a.Slug,
        a.Name,
        a.Bio,
        a.BioHtml,
        a.AvatarUrl,
        a.WebsiteUrl,
        db.Articles.Count(x => x.AuthorId == a.Id && x.Status == ArticleStatus.Published),
        a.CreatedAt,
        a.UpdatedAt,
        a.Version);

    public static void Apply(Author author, IAuthorFields fields, MarkdownRenderer markdown, DateTime now)
    {
        author.Name = fields.Name!.Trim();
        author.Bio = string.IsNullOrWhiteSpace(fields.Bio) ? null : fields.Bio;
        author.BioHtml = author.Bio is null ? null : markdown.ToHtml(author.Bio);
        author.AvatarUrl = fields.AvatarUrl;
        author.WebsiteUrl = fields.WebsiteUrl;
        author.UpdatedAt = now;
    }
}
