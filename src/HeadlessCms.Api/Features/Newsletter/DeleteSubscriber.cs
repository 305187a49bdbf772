using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Newsletter;

/// <summary>
/// Erases a subscriber (a right-to-erasure request): the row with the address, its topics and its digest deliveries go.
/// Queued emails carry only the subscriber's id and find nothing to send; the audit entry names the id, never the address.
/// </summary>
public sealed record DeleteSubscriber(Guid Id, Caller Caller) : ICommand;

internal sealed class DeleteSubscriberHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<DeleteSubscriber>
{
    public async ValueTask<Unit> Handle(DeleteSubscriber command, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var deleted = await db.Subscribers.Where(s => s.Id == command.Id).ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            throw new NotFoundException("Subscriber", command.Id.ToString());
        }

        db.Record(command.Caller, "delete-subscriber", "subscriber", command.Id, null, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Unit.Value;
    }
}
