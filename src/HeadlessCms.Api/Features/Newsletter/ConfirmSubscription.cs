using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Newsletter;

/// <summary>Follows the link of a confirmation email: the pending subscription becomes confirmed and gets digests.</summary>
public sealed record ConfirmSubscription(string? Token) : ICommand<SubscriptionState>;

/// <summary>Where a subscription stands after a reader's action.</summary>
public sealed record SubscriptionState(string Status);

internal sealed class ConfirmSubscriptionHandler(CmsDbContext db, NewsletterTokens tokens, TimeProvider clock)
    : ICommandHandler<ConfirmSubscription, SubscriptionState>
{
    public async ValueTask<SubscriptionState> Handle(ConfirmSubscription command, CancellationToken ct)
    {
        var token = await tokens.VerifyAsync(command.Token, TokenPurpose.Confirm, ct);

        // Only the round the link was made for, and only once: a link from before an unsubscribe, or one already
        // followed, says so instead of silently (re)subscribing.
        var confirmed = await db.Subscribers
            .Where(s => s.Id == token.SubscriberId && s.Status == SubscriberStatus.Pending && s.ConfirmStamp == token.Stamp)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SubscriberStatus.Confirmed)
                .SetProperty(x => x.ConfirmedAt, clock.GetUtcNow().UtcDateTime), ct);
        return confirmed == 1 ? new SubscriptionState("confirmed") : throw InvalidTokenException.Used();
    }
}
