using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.ApiKeys;

/// <summary>Revokes a key at once: the next request with it is a 401.</summary>
public sealed record DeleteApiKey(Guid Id, Caller Caller) : ICommand;

internal sealed class DeleteApiKeyHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<DeleteApiKey>
{
    public async ValueTask<Unit> Handle(DeleteApiKey command, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == command.Id, ct)
            ?? throw new NotFoundException("API key", command.Id.ToString());
        db.ApiKeys.Remove(key);
        db.Record(command.Caller, "delete-key", "api-key", key.Id, null, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
