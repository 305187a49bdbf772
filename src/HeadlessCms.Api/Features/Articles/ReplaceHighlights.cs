using HeadlessCms.Api.Common.Validation;
using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>Replaces the ordered highlights list; items are trimmed. A real change is a new revision.</summary>
public sealed record ReplaceHighlights(string IdOrSlug, IReadOnlyList<string>? Highlights, IfMatch IfMatch, Caller Caller)
    : ICommand<HighlightList>;

internal sealed class ReplaceHighlightsValidator : AbstractValidator<ReplaceHighlights>
{
    public ReplaceHighlightsValidator()
    {
        RuleFor(x => x.Highlights).NotNull().WithMessage("The body must be a JSON array of strings.")
            .ItemCount(1, HighlightRules.MaxCount).WithMessage($"Give between 1 and {HighlightRules.MaxCount} highlights.");
        RuleForEach(x => x.Highlights).HighlightText();
    }
}

internal sealed class ReplaceHighlightsHandler(CmsDbContext db, TimeProvider clock, IOptions<EditorialOptions> options)
    : ICommandHandler<ReplaceHighlights, HighlightList>
{
    public async ValueTask<HighlightList> Handle(ReplaceHighlights command, CancellationToken ct)
    {
        var article = await db.LoadForWriteAsync(command.IdOrSlug, command.IfMatch, options.Value.RequireIfMatch, ct);
        var before = ArticleSnapshot.Of(article);
        var now = clock.GetUtcNow().UtcDateTime;
        article.Highlights = HighlightRules.Normalize(command.Highlights);
        article.UpdatedAt = now;
        await ArticleHistory.SaveContentChangeAsync(db, article, before, command.Caller, "update-highlights", now, ct);
        return new HighlightList(article.Highlights, article.Version);
    }
}
