using Microsoft.Net.Http.Headers;

namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// What a client's If-Match header asks for. Our strong ETags are "{version}-{hash}"; If-Match is compared on the
/// version, so the ETag of any representation of the current row (anonymous or editor view) works.
/// </summary>
public sealed record IfMatch(bool Present, bool Any, IReadOnlyList<int> Versions)
{
    public static readonly IfMatch None = new(false, false, []);

    public static IfMatch From(HttpRequest request)
    {
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return None;
        }

        if (!EntityTagHeaderValue.TryParseList(values, out var tags))
        {
            // An unparseable If-Match can match nothing: the write must not go through.
            return new IfMatch(true, false, []);
        }

        var versions = tags.Where(t => !t.IsWeak).Select(t => Etags.VersionOf(t.Tag.ToString())).OfType<int>().ToList();
        return new IfMatch(true, tags.Any(t => t.Equals(EntityTagHeaderValue.Any)), versions);
    }

    /// <summary>Throws 428 when a precondition is required but missing, 412 when it names another version.</summary>
    public void Verify(string resource, int currentVersion, bool required)
    {
        if (!Present)
        {
            if (required)
            {
                throw new PreconditionRequiredException(resource);
            }

            return;
        }

        if (!Any && !Versions.Contains(currentVersion))
        {
            throw new PreconditionFailedException(resource, currentVersion);
        }
    }
}

/// <summary>Settings for editorial safety: whether article writes must carry If-Match (Cms:RequireIfMatch).</summary>
public sealed class EditorialOptions
{
    public bool RequireIfMatch { get; set; } = true;
}
