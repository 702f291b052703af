#include "chexview/pacs/PacsNode.h"
#include "chexview/pacs/PacsError.h"

#include <QRegularExpression>
#include <QSettings>

namespace chexview {

bool PacsNode::isValidAeTitle(const QString& aet)
{
    if (aet.trimmed().isEmpty() || aet.size() > 16)
        return false;
    for (const QChar c : aet) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e || c == QLatin1Char('\\'))
            return false;
    }
    return true;
}

void PacsNode::setDimse(const QString& aetAtHostPort)
{
    static const QRegularExpression re(QStringLiteral("^([^@]{1,16})@([^:@]+):([0-9]{1,5})$"));
    const QRegularExpressionMatch m = re.match(aetAtHostPort);
    if (!m.hasMatch())
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("expected AET@HOST:PORT, got '%1'").arg(aetAtHostPort));
    const int p = m.captured(3).toInt();
    if (p < 1 || p > 65535)
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("port %1 out of range").arg(p));
    if (!isValidAeTitle(m.captured(1)))
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("invalid AE title '%1'").arg(m.captured(1)));
    calledAet = m.captured(1);
    host = m.captured(2);
    port = p;
}

void PacsNode::setDicomWeb(const QString& url)
{
    const QUrl u(url, QUrl::StrictMode);
    const QString scheme = u.scheme().toLower();
    if (!u.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        u.host().isEmpty())
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("expected an http(s) DICOMweb base URL, got '%1'")
                            .arg(u.toDisplayString(QUrl::RemoveUserInfo)));
    if (!u.userInfo().isEmpty())
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("credentials do not belong in the URL; use --user"));
    dicomWebUrl = u;
}

QList<PacsNode> PacsNode::loadAll(QSettings& settings)
{
    QList<PacsNode> nodes;
    const int n = settings.beginReadArray(QStringLiteral("pacs/nodes"));
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        PacsNode node;
        node.name = settings.value(QStringLiteral("name")).toString();
        node.dicomWebUrl = QUrl(settings.value(QStringLiteral("dicomweb")).toString());
        const QString auth = settings.value(QStringLiteral("auth")).toString();
        node.auth = auth == QLatin1String("basic")    ? Auth::Basic
                    : auth == QLatin1String("bearer") ? Auth::Bearer
                                                      : Auth::None;
        node.user = settings.value(QStringLiteral("user")).toString();
        node.calledAet = settings.value(QStringLiteral("aet")).toString();
        node.host = settings.value(QStringLiteral("host")).toString();
        node.port = settings.value(QStringLiteral("port"), 0).toInt();
        node.callingAet =
            settings.value(QStringLiteral("callingAet"), QStringLiteral("CHEXVIEW")).toString();
        node.storePort = settings.value(QStringLiteral("storePort"), 0).toInt();
        if (!node.name.isEmpty())
            nodes.append(node);
    }
    settings.endArray();
    return nodes;
}

PacsNode PacsNode::load(QSettings& settings, const QString& name)
{
    QStringList known;
    for (const PacsNode& node : loadAll(settings)) {
        if (node.name == name)
            return node;
        known << node.name;
    }
    throw PacsError(PacsError::Code::BadArgument,
                    QStringLiteral("no PACS node named '%1' in the settings (known: %2)")
                        .arg(name, known.isEmpty() ? QStringLiteral("none") : known.join(", ")));
}

void PacsNode::saveAll(QSettings& settings, const QList<PacsNode>& nodes)
{
    settings.remove(QStringLiteral("pacs/nodes"));
    settings.beginWriteArray(QStringLiteral("pacs/nodes"), int(nodes.size()));
    for (int i = 0; i < nodes.size(); ++i) {
        const PacsNode& node = nodes[i];
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), node.name);
        settings.setValue(QStringLiteral("dicomweb"), node.dicomWebUrl.toString());
        settings.setValue(QStringLiteral("auth"), node.auth == Auth::Basic    ? "basic"
                                                  : node.auth == Auth::Bearer ? "bearer"
                                                                              : "none");
        settings.setValue(QStringLiteral("user"), node.user);
        settings.setValue(QStringLiteral("aet"), node.calledAet);
        settings.setValue(QStringLiteral("host"), node.host);
        settings.setValue(QStringLiteral("port"), node.port);
        settings.setValue(QStringLiteral("callingAet"), node.callingAet);
        settings.setValue(QStringLiteral("storePort"), node.storePort);
    }
    settings.endArray();
}

} // namespace chexview
