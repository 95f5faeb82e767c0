using System.Net;
using System.Security.Claims;
using BotHq.Plugins.Dashboard.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BotHq.Plugins.Dashboard.Tests.Browser;

/// <summary>The dashboard behind the host's own authorization (ASP.NET Core's cookie authentication, as a signed-in web app has it):
/// every address answers 401 without a session, and the whole page works with one, its plugin tab's frame included.</summary>
public sealed class DashboardAuthorizationTests
{
    [Test]
    public async Task RequireAuthorization_WithoutASession401_WithOneTheWholePageWorks()
    {
        await using var site = new DashboardSite();
        var folder = site.WritePlugin("tabbed", """
            {"name":"tabbed","version":"1.0.0","description":"Has a tab","ui":{"tabs":[{"id":"main","label":"Main","component":"ui/Main.js"}]},
             "settings":{"who":{"type":"string","default":"world"}}}
            """);
        Directory.CreateDirectory(Path.Combine(folder, "ui"));
        File.WriteAllText(Path.Combine(folder, "ui", "Main.js"), """
            export default function Main({ plugin, settings }) {
              const p = document.createElement("p");
              p.textContent = `hello ${settings.who} from ${plugin}`;
              return p;
            }
            """);
        await site.StartAsync(new DashboardSite.Setup
        {
            Services = services =>
            {
                services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
                {
                    options.Events.OnRedirectToLogin = context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    };
                });
                services.AddAuthorization();
            },
            Pipeline = app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
            },
            Api = api => api.RequireAuthorization(),
            Dashboard = dashboard => dashboard.RequireAuthorization(),
            MoreEndpoints = app => app.MapGet("/signin", async (HttpContext http) =>
            {
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], CookieAuthenticationDefaults.AuthenticationScheme);
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
                return Results.Redirect(DashboardSite.DashboardPath);
            }),
        });

        foreach (var address in new[] { "/plugins", "/plugins/tabbed", "/plugins/_events", "/plugins/_tabs/tabbed/main", $"/plugins/_assets/any/app.js", "/api/plugins" })
        {
            Assert.That((await site.Client.GetAsync(address)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), address);
        }

        await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
        var page = browser.Page;
        // Chromium shows its own error page for a 401 without a body, so the browser's answer is read through its request API,
        // which sends the context's cookies as the page would.
        Assert.That((await browser.Context.APIRequest.GetAsync(site.Dashboard())).Status, Is.EqualTo(401), "the browser without a session");

        var signedIn = await page.GotoAsync(new Uri(site.Root, "/signin").AbsoluteUri);
        Assert.That(signedIn!.Status, Is.EqualTo(200));
        Assert.That(page.Url, Is.EqualTo(site.Dashboard()));
        Assert.That((await browser.Context.APIRequest.GetAsync(site.Dashboard())).Status, Is.EqualTo(200), "the browser with a session");
        await page.Locator(".list[data-ready]").WaitForAsync();
        await Assertions.Expect(page.Locator("#live[data-state='live']")).ToBeAttachedAsync();
        await page.Locator("tr[data-plugin='tabbed'] a.name").ClickAsync();
        await page.Locator(".plugin[data-ready]").WaitForAsync();
        await Assertions.Expect(page.FrameLocator("iframe.plugin-tab").Locator("p")).ToHaveTextAsync("hello world from tabbed");
        var statuses = (await browser.Network.ReadAsync()).Where(e => e.IsResponse && !e.Url.EndsWith("/plugins", StringComparison.Ordinal)).Select(e => $"{e.Text.Split('\n')[0]} {e.Url}").ToList();
        Assert.That(statuses.Where(s => !s.StartsWith("200 ", StringComparison.Ordinal) && !s.StartsWith("302 ", StringComparison.Ordinal)), Is.Empty, "every request of the signed-in page was answered");
        browser.AssertNoErrors("status of 401");
    }
}
