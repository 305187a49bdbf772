
namespace HeadlessCms.Api.Common.OpenApi;

public static class OpenApiMetadata
{
    /// <summary>Declares the problem responses an endpoint can give; 400 is a validation problem with field errors.</summary>
    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder = status == StatusCodes.Status400BadRequest
                ? builder.ProducesValidationProblem()
                : builder.ProducesProblem(status);
        }

        return builder;
    }

    /// <summary>Writes need a key with a role: they can also answer 401 and 403.</summary>
    public static RouteHandlerBuilder RequireRole(this RouteHandlerBuilder builder, string policy) =>
        builder.RequireAuthorization(policy).ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

    /// <summary>GETs answer If-None-Match with 304 and can redirect an old slug with 301.</summary>
    public static RouteHandlerBuilder Revalidates(this RouteHandlerBuilder builder, bool redirectsOldSlugs = false)
    {
        builder = builder.Produces(StatusCodes.Status304NotModified).WithMetadata(new ConditionalHeaderMetadata("If-None-Match"));
        return redirectsOldSlugs ? builder.Produces(StatusCodes.Status301MovedPermanently) : builder;
    }

    /// <summary>Writes that honour If-Match: 412 for a stale version, 428 when it is required and missing.</summary>
    public static RouteHandlerBuilder HonoursIfMatch(this RouteHandlerBuilder builder) =>
        builder.ProducesErrors(StatusCodes.Status412PreconditionFailed, StatusCodes.Status428PreconditionRequired)
            .WithMetadata(new ConditionalHeaderMetadata("If-Match"));

    /// <summary>Bodies are JSON, up to the size limit: other content types are 415, larger bodies 413.</summary>
    public static RouteHandlerBuilder AcceptsJson(this RouteHandlerBuilder builder) =>
        builder.ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
}

/// <summary>
/// An endpoint that reads its body itself (not bound JSON), in one of these media types: the OpenAPI document lists them as
/// the request body. The endpoint answers 415 for others with a detail that names them.
/// </summary>
public sealed record RawBodyMetadata(string Description, params string[] MediaTypes);

/// <summary>An optional request header an endpoint reads, so the OpenAPI document lists it.</summary>
public sealed record RequestHeaderMetadata(string Header, string Description);

/// <summary>Marks an endpoint that reads a conditional request header, so the OpenAPI document lists it.</summary>
public sealed record ConditionalHeaderMetadata(string Header);
