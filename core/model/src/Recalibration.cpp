#include "chexview/model/Recalibration.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace chexview {

namespace {

constexpr double kEps = 1e-7;

double logit(double p)
{
    p = std::clamp(p, kEps, 1.0 - kEps);
    return std::log(p / (1.0 - p));
}

double sigmoid(double z)
{
    return 1.0 / (1.0 + std::exp(-z));
}

QJsonArray array(const std::vector<double>& v)
{
    QJsonArray a;
    for (double x : v)
        a.append(x);
    return a;
}

} // namespace

QString Recalibration::methodName(Method m)
{
    switch (m) {
    case Method::Temperature:
        return QStringLiteral("temperature");
    case Method::Platt:
        return QStringLiteral("platt");
    case Method::Isotonic:
        return QStringLiteral("isotonic");
    case Method::None:
        break;
    }
    return QStringLiteral("none");
}

bool Recalibration::parseMethod(const QString& name, Method& m)
{
    for (Method x : {Method::Temperature, Method::Platt, Method::Isotonic})
        if (name == methodName(x)) {
            m = x;
            return true;
        }
    return false;
}

double Recalibration::apply(int finding, double p) const
{
    if (!active() || finding < 0 || size_t(finding) >= findings.size() || std::isnan(p))
        return p;
    const Map& m = findings[size_t(finding)];
    if (method != Method::Isotonic)
        return sigmoid(m.a * logit(p) + m.b);
    if (m.x.empty())
        return p;
    if (p <= m.x.front())
        return m.y.front();
    if (p >= m.x.back())
        return m.y.back();
    const size_t hi = size_t(std::upper_bound(m.x.begin(), m.x.end(), p) - m.x.begin());
    const size_t lo = hi - 1;
    const double t = (p - m.x[lo]) / (m.x[hi] - m.x[lo]);
    return m.y[lo] + t * (m.y[hi] - m.y[lo]);
}

void Recalibration::apply(std::vector<float>& probabilities) const
{
    if (!active())
        return;
    for (size_t k = 0; k < probabilities.size(); ++k)
        probabilities[k] = float(apply(int(k), double(probabilities[k])));
}

QJsonObject Recalibration::toJson() const
{
    QJsonArray maps;
    for (const Map& m : findings)
        maps.append(
            method == Method::Isotonic
                ? QJsonObject{{QStringLiteral("x"), array(m.x)}, {QStringLiteral("y"), array(m.y)}}
                : QJsonObject{{QStringLiteral("a"), m.a}, {QStringLiteral("b"), m.b}});
    return {{QStringLiteral("method"), methodName(method)},
            {QStringLiteral("findings"), maps},
            {QStringLiteral("fitted_on"), fittedOn}};
}

bool Recalibration::fromJson(const QJsonObject& o, int labels, Recalibration& out, QString& error)
{
    Recalibration r;
    if (!parseMethod(o.value(QStringLiteral("method")).toString(), r.method)) {
        error = QStringLiteral("calibration method must be temperature, platt or isotonic");
        return false;
    }
    const QJsonArray maps = o.value(QStringLiteral("findings")).toArray();
    if (maps.size() != labels) {
        error =
            QStringLiteral("calibration needs %1 findings, found %2").arg(labels).arg(maps.size());
        return false;
    }
    for (int k = 0; k < labels; ++k) {
        const QJsonObject m = maps[k].toObject();
        Map map;
        if (r.method == Method::Isotonic) {
            const QJsonArray xs = m.value(QStringLiteral("x")).toArray();
            const QJsonArray ys = m.value(QStringLiteral("y")).toArray();
            if (xs.isEmpty() || xs.size() != ys.size() || xs.size() > kMaxIsotonicPoints) {
                error = QStringLiteral("calibration finding %1: isotonic points missing, unequal "
                                       "or more than %2")
                            .arg(k)
                            .arg(kMaxIsotonicPoints);
                return false;
            }
            for (int i = 0; i < xs.size(); ++i) {
                const double x = xs[i].toDouble(-1.0), y = ys[i].toDouble(-1.0);
                const bool ordered = map.x.empty() || (x > map.x.back() && y >= map.y.back());
                if (!(x >= 0.0 && x <= 1.0 && y >= 0.0 && y <= 1.0) || !ordered) {
                    error = QStringLiteral("calibration finding %1: isotonic points must increase "
                                           "within [0, 1]")
                                .arg(k);
                    return false;
                }
                map.x.push_back(x);
                map.y.push_back(y);
            }
        } else {
            map.a = m.value(QStringLiteral("a")).toDouble(std::nan(""));
            map.b = m.value(QStringLiteral("b")).toDouble(std::nan(""));
            if (!std::isfinite(map.a) || !std::isfinite(map.b) || map.a <= 0.0 ||
                std::abs(map.a) > 1e6 || std::abs(map.b) > 1e6 ||
                (r.method == Method::Temperature && map.b != 0.0)) {
                error = QStringLiteral("calibration finding %1: a must be a positive number and b "
                                       "finite (0 for temperature)")
                            .arg(k);
                return false;
            }
        }
        r.findings.push_back(std::move(map));
    }
    r.fittedOn = o.value(QStringLiteral("fitted_on")).toObject();
    out = std::move(r);
    return true;
}

} // namespace chexview
