using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.ApiKeys;

/// <summary>Revokes a key at once: the next request with it is a 401.</summary>
public sealed record DeleteApiKey(Guid Id) : ICommand;

internal sealed class DeleteApiKeyHandler(CmsDbContext db) : ICommandHandler<DeleteApiKey>
{
    public async ValueTask<Unit> Handle(DeleteApiKey command, CancellationToken ct)
    {
        var deleted = await db.ApiKeys.Where(k => k.Id == command.Id).ExecuteDeleteAsync(ct);
        return deleted == 0 ? throw new NotFoundException("API key", command.Id.ToString()) : Unit.Value;
    }
}
