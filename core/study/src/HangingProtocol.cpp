#include "chexview/study/HangingProtocol.h"

#include "chexview/study/StudyError.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace chexview {

namespace {

[[noreturn]] void bad(const QString& path, const QString& what)
{
    throw StudyError(StudyError::Code::BadArgument, QStringLiteral("%1: %2").arg(path, what));
}

QStringList strings(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue& s : v.toArray())
        out << s.toString();
    return out;
}

// The first instance of the study in that view class ("any": the first instance at all).
StudyInstance find(const Study* study, const QString& view)
{
    if (!study)
        return {};
    for (const StudySeries& se : study->series)
        for (const StudyInstance& i : se.instances) {
            const QString v = i.viewPosition.isEmpty() ? se.viewPosition : i.viewPosition;
            if (view == QLatin1String("any") || HangingProtocol::viewClass(v) == view)
                return i;
        }
    return {};
}

} // namespace

QString HangingProtocol::viewClass(const QString& viewPosition)
{
    const QString v = viewPosition.trimmed().toUpper();
    if (v.isEmpty() || v == QLatin1String("PA") || v == QLatin1String("AP"))
        return QStringLiteral("frontal");
    if (v == QLatin1String("LL") || v == QLatin1String("RL") ||
        v.startsWith(QLatin1String("LAT")) || v.startsWith(QLatin1Char('L')))
        return QStringLiteral("lateral");
    return QStringLiteral("other");
}

std::vector<HangingProtocol::Protocol> HangingProtocol::load(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        bad(path, QStringLiteral("cannot be read"));
    if (f.size() > 1 << 20)
        bad(path, QStringLiteral("larger than 1 MiB"));
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError)
        bad(path, QStringLiteral("not JSON (%1)").arg(err.errorString()));
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() !=
        QLatin1String("chexview-hanging-protocols"))
        bad(path, QStringLiteral("format is not chexview-hanging-protocols"));
    if (root.value(QStringLiteral("version")).toInt() != 1)
        bad(path, QStringLiteral("version %1 (1 expected)")
                      .arg(root.value(QStringLiteral("version")).toInt()));
    std::vector<Protocol> out;
    for (const QJsonValue& pv : root.value(QStringLiteral("protocols")).toArray()) {
        const QJsonObject o = pv.toObject();
        Protocol p;
        p.name = o.value(QStringLiteral("name")).toString();
        p.modalities = strings(o.value(QStringLiteral("modalities")));
        p.rows = o.value(QStringLiteral("rows")).toInt();
        p.columns = o.value(QStringLiteral("columns")).toInt();
        p.required = strings(o.value(QStringLiteral("requires")));
        if (p.name.isEmpty() || p.rows < 1 || p.rows > 2 || p.columns < 1 || p.columns > 2)
            bad(path, QStringLiteral("protocol '%1': a name and 1-2 rows and columns are needed")
                          .arg(p.name));
        for (const QJsonValue& cv : o.value(QStringLiteral("cells")).toArray()) {
            const Cell c{cv.toObject().value(QStringLiteral("study")).toString(),
                         cv.toObject().value(QStringLiteral("view")).toString()};
            if ((c.study != QLatin1String("current") && c.study != QLatin1String("prior")) ||
                (c.view != QLatin1String("frontal") && c.view != QLatin1String("lateral") &&
                 c.view != QLatin1String("any")))
                bad(path, QStringLiteral("protocol '%1': cell %2.%3 unknown")
                              .arg(p.name, c.study, c.view));
            p.cells.push_back(c);
        }
        if (p.cells.empty() || int(p.cells.size()) > p.rows * p.columns)
            bad(path, QStringLiteral("protocol '%1': %2 cells for a %3x%4 grid")
                          .arg(p.name)
                          .arg(p.cells.size())
                          .arg(p.rows)
                          .arg(p.columns));
        out.push_back(std::move(p));
    }
    if (out.empty())
        bad(path, QStringLiteral("no protocols"));
    return out;
}

HangingProtocol::Arrangement HangingProtocol::arrange(const std::vector<Protocol>& protocols,
                                                      const Study& current, const Study* prior)
{
    for (const Protocol& p : protocols) {
        if (!p.modalities.isEmpty() &&
            !p.modalities.contains(current.modality, Qt::CaseInsensitive))
            continue;
        bool ok = true;
        for (const QString& r : p.required) {
            const QString study = r.section(QLatin1Char('.'), 0, 0),
                          view = r.section(QLatin1Char('.'), 1);
            if (find(study == QLatin1String("prior") ? prior : &current, view).path.isEmpty()) {
                ok = false;
                break;
            }
        }
        if (!ok)
            continue;
        Arrangement a;
        a.protocol = p.name;
        a.rows = p.rows;
        a.columns = p.columns;
        a.cells = p.cells;
        for (const Cell& c : p.cells)
            a.instances.push_back(
                find(c.study == QLatin1String("prior") ? prior : &current, c.view));
        return a;
    }
    return {};
}

} // namespace chexview
