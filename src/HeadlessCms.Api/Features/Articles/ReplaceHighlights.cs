using FluentValidation;
using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>Replaces the ordered highlights list; items are trimmed.</summary>
public sealed record ReplaceHighlights(string IdOrSlug, IReadOnlyList<string>? Highlights) : ICommand<IReadOnlyList<string>>;

internal sealed class ReplaceHighlightsValidator : AbstractValidator<ReplaceHighlights>
{
    public ReplaceHighlightsValidator()
    {
        RuleFor(x => x.Highlights).NotNull().WithMessage("The body must be a JSON array of strings.")
            .Must(h => h!.Count is >= 1 and <= 20).WithMessage("Give between 1 and 20 highlights.")
            .When(x => x.Highlights is not null, ApplyConditionTo.CurrentValidator);
        RuleForEach(x => x.Highlights).HighlightText();
    }
}

internal sealed class ReplaceHighlightsHandler(CmsDbContext db, TimeProvider clock)
    : ICommandHandler<ReplaceHighlights, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(ReplaceHighlights command, CancellationToken ct)
    {
        var article = await db.Articles.WhereIdOrSlug(command.IdOrSlug).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Article", command.IdOrSlug);
        article.Highlights = HighlightRules.Normalize(command.Highlights);
        article.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return article.Highlights;
    }
}
