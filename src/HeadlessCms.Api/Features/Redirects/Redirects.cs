using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Redirects;

public sealed record RedirectResponse([property: ClosedSet(typeof(ListRedirectsValidator), nameof(ListRedirectsValidator.Types))] string Type, string Slug, Guid TargetId, DateTime CreatedAt);

/// <summary>The old slugs that still redirect, optionally for one type or one target.</summary>
public sealed record ListRedirects(string? Type, Guid? Target) : IQuery<IReadOnlyList<RedirectResponse>>;

internal sealed class ListRedirectsValidator : AbstractValidator<ListRedirects>
{
    public static readonly string[] Types = ["article", "author", "tag"];

    public ListRedirectsValidator() =>
        RuleFor(x => x.Type).OneOf(Types).WithMessage($"'type' must be one of: {string.Join(", ", Types)}.");
}

internal sealed class ListRedirectsHandler(CmsDbContext db) : IQueryHandler<ListRedirects, IReadOnlyList<RedirectResponse>>
{
    public async ValueTask<IReadOnlyList<RedirectResponse>> Handle(ListRedirects query, CancellationToken ct)
    {
        var redirects = db.SlugRedirects.AsNoTracking();
        if (query.Type is not null)
        {
            redirects = redirects.Where(r => r.ResourceType == query.Type);
        }

        if (query.Target is { } target)
        {
            redirects = redirects.Where(r => r.TargetId == target);
        }

        return await redirects.OrderBy(r => r.ResourceType).ThenBy(r => r.Slug)
            .Take(1000)
            .Select(r => new RedirectResponse(r.ResourceType, r.Slug, r.TargetId, r.CreatedAt))
            .ToListAsync(ct);
    }
}

/// <summary>Releases an old slug: it stops redirecting and another resource may take it.</summary>
public sealed record ReleaseRedirect(string Type, string Slug, Caller Caller) : ICommand;

internal sealed class ReleaseRedirectValidator : AbstractValidator<ReleaseRedirect>
{
    public ReleaseRedirectValidator()
    {
        RuleFor(x => x.Type).OneOf(ListRedirectsValidator.Types).WithMessage($"'type' must be one of: {string.Join(", ", ListRedirectsValidator.Types)}.");
        RuleFor(x => x.Slug).IdOrSlug();
    }
}

internal sealed class ReleaseRedirectHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<ReleaseRedirect>
{
    public async ValueTask<Unit> Handle(ReleaseRedirect command, CancellationToken ct)
    {
        var slug = command.Slug.ToLowerInvariant();
        var redirect = await db.SlugRedirects.SingleOrDefaultAsync(r => r.ResourceType == command.Type && r.Slug == slug, ct)
            ?? throw new NotFoundException("Redirect", $"{command.Type}/{command.Slug}");
        db.SlugRedirects.Remove(redirect);
        db.Record(command.Caller, "release-slug", command.Type, redirect.TargetId, slug, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}

public static class RedirectsEndpoints
{
    public static void MapRedirects(this RouteGroupBuilder api)
    {
        var redirects = api.MapGroup("/redirects").WithTags("Redirects");

        redirects.MapGet("/", async (ISender sender, string? type, Guid? target, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListRedirects(type, target), ct)))
            .WithName("ListRedirects")
            .WithSummary("List old slugs that still redirect to their resource")
            .RequireRole(Policies.Editor)
            .ProducesErrors(400);

        redirects.MapDelete("/{type}/{slug}", async (ISender sender, System.Security.Claims.ClaimsPrincipal user, string type, string slug, CancellationToken ct) =>
            {
                await sender.Send(new ReleaseRedirect(type, slug, Caller.From(user)), ct);
                return TypedResults.NoContent();
            })
            .WithName("ReleaseRedirect")
            .WithSummary("Release an old slug so another resource may use it")
            .RequireRole(Policies.Editor)
            .ProducesErrors(404);
    }
}
