using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;

namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// The text rule (<see cref="TextInput"/>) for what arrives outside the body: path segments, route values and query
/// parameters, checked once for every request before anything reads them, so a NUL in ?tag= is a 400 naming the
/// parameter on every endpoint and never reaches a database. (Bodies are checked by <see cref="TextJsonConverter"/>.)
/// Kestrel itself refuses a few bytes in the request line (a raw or %00 NUL in the path) before the app runs.
/// </summary>
public static class InputGuard
{
    public static IApplicationBuilder UseInputGuard(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var request = http.Request;
        if (!TextInput.IsValid(request.Path.Value))
        {
            var field = request.RouteValues.FirstOrDefault(v => v.Value is string s && !TextInput.IsValid(s)).Key ?? "path";
            throw ValidationRules.Field(field, $"The path segment '{field}' {TextInput.Rule}.");
        }

        if (request.QueryString.HasValue)
        {
            foreach (var (name, values) in request.Query)
            {
                if (!TextInput.IsValid(name))
                {
                    throw ValidationRules.Field("query", $"A query parameter name {TextInput.Rule}.");
                }

                foreach (var value in values)
                {
                    if (!TextInput.IsValid(value))
                    {
                        throw ValidationRules.Field(name, $"The query parameter '{name}' {TextInput.Rule}.");
                    }
                }
            }
        }

        return next(http);
    });
}
