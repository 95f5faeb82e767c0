using BotHq.Plugins.Extensions;

namespace BotHq.Plugins.Tests.Extensions;

[TestFixture]
public sealed class CancellationSourcePoolTests
{
    [Test]
    public void Rent_AfterReturningAnUncancelledSource_ReusesIt()
    {
        var pool = new CancellationSourcePool();
        var first = pool.Rent();

        pool.Return(first);

        Assert.That(pool.Rent(), Is.SameAs(first));
    }

    [Test]
    public void Rent_AfterReturningACancelledSource_CreatesAFreshOne()
    {
        var pool = new CancellationSourcePool();
        var first = pool.Rent();
        first.Cancel();

        pool.Return(first);
        var second = pool.Rent();

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.Not.SameAs(first));
            Assert.That(second.IsCancellationRequested, Is.False);
        });
    }

    [Test]
    public void Return_SourceWithARegistrationLeftBehind_TheRegistrationNoLongerFires()
    {
        var pool = new CancellationSourcePool();
        var source = pool.Rent();
        var fired = false;
        source.Token.Register(() => fired = true);

        pool.Return(source);
        var reused = pool.Rent();
        reused.Cancel();

        Assert.Multiple(() =>
        {
            Assert.That(reused, Is.SameAs(source));
            Assert.That(fired, Is.False);
        });
    }
}
