using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests;

[TestFixture]
public sealed class BotHqDiagnosticsTests
{
    [Test]
    public async Task HooksAndActions_WithListeners_RecordCallsFailuresDurationsAndActivitiesTaggedByPlugin()
    {
        // Plugin names unique to this test, so that measurements of other tests running at the same time are ignored.
        var good = "diag-good-" + Guid.NewGuid().ToString("N");
        var broken = "diag-broken-" + Guid.NewGuid().ToString("N");
        var measurements = new ConcurrentBag<(string Instrument, double Value, string Plugin, string Outcome)>();
        var activities = new ConcurrentBag<Activity>();
        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "BotHq.Plugins")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        meterListener.Start();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "BotHq.Plugins",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("bothq.plugin.name") is string plugin && (plugin == good || plugin == broken))
                {
                    activities.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(activityListener);

        await using (var bed = new ExtensionTestBed())
        {
            bed.Source.Add(good, TestExtensionBuilds.Basic);
            bed.Source.Add(broken, TestExtensionBuilds.Throwing);
            await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task());
            await bed.Host.ExecuteActionAsync(good, "explode", ActionContext.Empty);
        }

        Assert.Multiple(() =>
        {
            Assert.That(measurements.Where(m => m.Instrument == "bothq.plugins.hook.calls").Select(m => (m.Plugin, m.Outcome)),
                Is.EquivalentTo(new[] { (good, "ok"), (broken, "failed") }));
            Assert.That(measurements.Where(m => m.Instrument == "bothq.plugins.hook.failures").Select(m => m.Plugin), Is.EquivalentTo(new[] { broken }));
            Assert.That(measurements.Where(m => m.Instrument == "bothq.plugins.hook.duration").Select(m => m.Value).ToList(), Has.Count.EqualTo(2).And.All.GreaterThanOrEqualTo(0));
            Assert.That(measurements.Where(m => m.Instrument == "bothq.plugins.action.runs").Select(m => (m.Plugin, m.Outcome)), Is.EquivalentTo(new[] { (good, "error") }));
            Assert.That(measurements.Where(m => m.Instrument == "bothq.plugins.action.failures").Select(m => m.Plugin), Is.EquivalentTo(new[] { good }));
            Assert.That(activities.Select(a => a.OperationName), Is.EquivalentTo(new[] { "hook OnTaskCreatedAsync", "hook OnTaskCreatedAsync", "action explode" }));
            Assert.That(activities.Where(a => a.Status == ActivityStatusCode.Error).Select(a => a.GetTagItem("bothq.plugin.name")), Is.EquivalentTo(new[] { broken, good }));
        });

        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            where T : struct
        {
            string? plugin = null;
            string? outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "bothq.plugin.name")
                {
                    plugin = tag.Value as string;
                }
                else if (tag.Key == "bothq.outcome")
                {
                    outcome = tag.Value as string;
                }
            }

            if (plugin == good || plugin == broken)
            {
                measurements.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), plugin!, outcome ?? ""));
            }
        }
    }
}
