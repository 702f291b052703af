#include "chexview/results/ResultProvenance.h"
#include "chexview/model/ModelManifest.h"

#include <QJsonObject>

namespace chexview {

ResultProvenance ResultProvenance::of(const AnalysisResult& result, const ModelManifest& m)
{
    ResultProvenance p;
    p.algorithmName = result.model.isEmpty() ? m.name : result.model;
    p.packageSha256 =
        m.raw.value("files").toObject().value("fp32").toObject().value("sha256").toString();
    p.algorithmVersion =
        QStringLiteral("package format %1, fp32 sha256 %2")
            .arg(m.raw.value("format_version").toVariant().toString(), p.packageSha256.left(16));
    p.precision = result.precision;
    p.device = result.device;
    p.engine = result.engine;
    p.trained = result.trained;
    return p;
}

QStringList ResultProvenance::parameters() const
{
    QStringList out{QStringLiteral("precision=") + precision, QStringLiteral("device=") + device,
                    QStringLiteral("package-sha256=") + packageSha256,
                    QStringLiteral("trained=") + (trained ? "true" : "false")};
    if (!engine.isEmpty())
        out << QStringLiteral("engine=") + engine;
    return out;
}

} // namespace chexview
