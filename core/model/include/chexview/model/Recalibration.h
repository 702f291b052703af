#pragma once

#include <QJsonObject>
#include <QString>

#include <vector>

namespace chexview {

/// A per-finding map from the network's probability to a calibrated one, fitted by
/// `chexview-cli calibrate` on labelled images and stored in the package's manifest under
/// "recalibration" ("calibration" there describes INT8 quantization). With z = logit(p) (p clamped
/// to [1e-7, 1 - 1e-7]): temperature: sigmoid(z / T) (stored as a = 1 / T, b = 0); platt: sigmoid(a
/// z + b); isotonic: the non-decreasing step function fitted by pool-adjacent-violators, linear
/// between its points and constant beyond them. Plain value type; apply() is pure (any thread).
struct Recalibration
{
    enum class Method
    {
        None,
        Temperature,
        Platt,
        Isotonic
    };
    struct Map
    {
        double a = 1.0;
        double b = 0.0;
        std::vector<double> x; ///< isotonic: increasing probabilities
        std::vector<double> y; ///< isotonic: non-decreasing calibrated values
    };
    static constexpr int kMaxIsotonicPoints = 4096;

    Method method = Method::None;
    std::vector<Map> findings; ///< one per label when active
    QJsonObject fittedOn;      ///< what it was fitted on, as stored

    bool active() const { return method != Method::None; }
    double apply(int finding, double p) const;
    void apply(std::vector<float>& probabilities) const;
    /// {"method", "findings": [{"a","b"} | {"x":[..],"y":[..]}], "fitted_on": {...}}
    QJsonObject toJson() const;
    /// Parses and validates the manifest's "recalibration" object (`findings` entries, finite
    /// numbers, a > 0, isotonic points increasing in [0, 1], at most kMaxIsotonicPoints).
    /// False with `error` otherwise.
    static bool fromJson(const QJsonObject& o, int labels, Recalibration& out, QString& error);
    static QString methodName(Method m);
    static bool parseMethod(const QString& name, Method& m);
};

} // namespace chexview
