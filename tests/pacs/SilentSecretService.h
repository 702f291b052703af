// A keyring that never answers, for the asynchronous-keyring tests: on the D-Bus session bus
// (a private one: ctest runs the test under dbus-run-session), a connection of this process
// owns org.freedesktop.secrets and swallows every call to it without a reply, as a hung
// gnome-keyring would. Counts the calls, so a test knows the keyring was really asked.
#pragma once

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusVirtualObject>

#include <atomic>

class SilentSecretService : public QDBusVirtualObject
{
public:
    SilentSecretService()
        : m_bus(QDBusConnection::connectToBus(QDBusConnection::SessionBus,
                                              QStringLiteral("chexview-silent-secrets")))
    {
        if (!m_bus.isConnected()) {
            m_problem = QStringLiteral("no D-Bus session bus: ") + m_bus.lastError().message();
            return;
        }
        if (!m_bus.registerVirtualObject(QStringLiteral("/"), this, QDBusConnection::SubPath)) {
            m_problem = QStringLiteral("cannot register the silent object");
            return;
        }
        if (!m_bus.registerService(QStringLiteral("org.freedesktop.secrets")))
            m_problem = QStringLiteral("org.freedesktop.secrets is owned by someone else: ") +
                        m_bus.lastError().message();
    }
    ~SilentSecretService() override
    {
        m_bus.unregisterObject(QStringLiteral("/"), QDBusConnection::UnregisterTree);
        QDBusConnection::disconnectFromBus(QStringLiteral("chexview-silent-secrets"));
    }
    /// "" when the silent service runs; else why not.
    QString problem() const { return m_problem; }
    int callsSwallowed() const { return m_calls.load(); }

    QString introspect(const QString&) const override { return {}; }
    bool handleMessage(const QDBusMessage& message, const QDBusConnection&) override
    {
        if (message.type() == QDBusMessage::MethodCallMessage)
            ++m_calls;
        return true; // handled: and never answered
    }

private:
    QDBusConnection m_bus;
    QString m_problem;
    std::atomic_int m_calls{0};
};
