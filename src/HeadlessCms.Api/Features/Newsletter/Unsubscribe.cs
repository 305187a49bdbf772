using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Newsletter;

/// <summary>
/// Unsubscribes with the token of any newsletter email, without a key: at once, and idempotently (a second request,
/// or one for a subscriber already erased, answers the same). This is the RFC 8058 one-click target.
/// </summary>
public sealed record Unsubscribe(string? Token) : ICommand<SubscriptionState>;

internal sealed class UnsubscribeHandler(CmsDbContext db, NewsletterTokens tokens, TimeProvider clock)
    : ICommandHandler<Unsubscribe, SubscriptionState>
{
    public async ValueTask<SubscriptionState> Handle(Unsubscribe command, CancellationToken ct)
    {
        var token = await tokens.VerifyAsync(command.Token, TokenPurpose.Unsubscribe, ct);
        await db.Subscribers
            .Where(s => s.Id == token.SubscriberId && s.Status != SubscriberStatus.Unsubscribed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SubscriberStatus.Unsubscribed)
                .SetProperty(x => x.UnsubscribedAt, clock.GetUtcNow().UtcDateTime), ct);
        return new SubscriptionState("unsubscribed");
    }
}
