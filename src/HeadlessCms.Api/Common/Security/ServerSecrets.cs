using System.Collections.Concurrent;
using System.Security.Cryptography;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Common.Security;

/// <summary>
/// Secrets that must outlive a restart and agree across instances (signing keys of links sent by email), when the
/// operator configured none: 32 random bytes made once and kept in the database. The first instance to store a name
/// wins; everyone reads the stored value.
/// </summary>
public sealed class ServerSecrets(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<string, Task<byte[]>> cache = new(StringComparer.Ordinal);

    public Task<byte[]> GetAsync(string name, CancellationToken ct) =>
        cache.GetOrAdd(name, n => LoadOrCreateAsync(n, CancellationToken.None)) is { IsFaulted: false, IsCanceled: false } task
            ? task.WaitAsync(ct)
            : Retry(name, ct);

    private Task<byte[]> Retry(string name, CancellationToken ct)
    {
        cache.TryRemove(name, out _);
        return cache.GetOrAdd(name, n => LoadOrCreateAsync(n, CancellationToken.None)).WaitAsync(ct);
    }

    private async Task<byte[]> LoadOrCreateAsync(string name, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var stored = await db.ServerSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).SingleOrDefaultAsync(ct);
        if (stored is not null)
        {
            return stored;
        }

        db.ServerSecrets.Add(new ServerSecret { Name = name, Value = RandomNumberGenerator.GetBytes(32) });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.IsUniqueViolation(e))
        {
            // Another instance stored it first: theirs is the one.
        }

        return await db.ServerSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).SingleAsync(ct);
    }
}
