using System.Text.Json;
using System.Text.Json.Nodes;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>
/// JSON Merge Patch (RFC 7396) of an article's content: members present replace, null removes, absent stay.
/// The patched content goes through the same validation and write path as a full replace.
/// </summary>
public sealed record PatchArticle(string IdOrSlug, JsonObject Patch, IfMatch IfMatch, Caller Caller) : ICommand<ArticleResponse>;

internal sealed class PatchArticleHandler(CmsDbContext db, ISender sender) : ICommandHandler<PatchArticle, ArticleResponse>
{
    public const string MediaType = "application/merge-patch+json";

    private static readonly string[] Editable = ["title", "slug", "excerpt", "body", "highlights", "authorId", "tagIds", "source", "commentsEnabled"];

    public async ValueTask<ArticleResponse> Handle(PatchArticle command, CancellationToken ct)
    {
        var unknown = command.Patch.Select(p => p.Key).Where(k => !Editable.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new FluentValidation.ValidationException(unknown.Select(k =>
                new FluentValidation.Results.ValidationFailure(k, $"'{k}' is not an editable field; editable: {string.Join(", ", Editable)}.")));
        }

        var article = await db.Articles.AsNoTracking().Include(a => a.Tags).Where(Lookup.IdOrSlug<Article>(command.IdOrSlug)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Article", command.IdOrSlug);

        var current = JsonSerializer.SerializeToNode(ArticleSnapshot.Of(article), JsonSerializerOptions.Web)!.AsObject();
        var merged = MergePatch.Apply(current, command.Patch);
        UpdateArticle update;
        try
        {
            update = merged.Deserialize<UpdateArticle>(JsonSetup.Input)!;
        }
        catch (JsonException e)
        {
            throw JsonInput.FieldError(e) ?? ValidationRules.Field(e.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "patch", "The value has the wrong type.");
        }

        // The If-Match is checked again against the row the update loads, so a change in between is a 412, not lost.
        return await sender.Send(update with
        {
            IdOrSlug = article.Id.ToString(),
            Slug = update.Slug ?? article.Slug,
            IfMatch = command.IfMatch,
            Caller = command.Caller,
            Action = "patch",
        }, ct);
    }
}

public static class MergePatch
{
    /// <summary>RFC 7396 section 2, applied to a copy of the target.</summary>
    public static JsonObject Apply(JsonObject target, JsonObject patch)
    {
        var result = target.DeepClone().AsObject();
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject patchObject)
            {
                var existing = result[key] as JsonObject ?? [];
                result[key] = Apply(existing, patchObject);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }
}
