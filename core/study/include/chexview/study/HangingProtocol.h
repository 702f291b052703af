#pragma once

#include "chexview/study/PatientStudies.h"

#include <QStringList>

#include <vector>

namespace chexview {

/// Hanging protocols for chest CR/DX read from a small declarative JSON file
/// (resources/hanging/chest-cr-dx.json, documented in resources/hanging/README.md): which
/// images of the current study and its prior go where in a 1×1, 2×1 or 2×2 grid (frontal left,
/// lateral right, current above or left of prior). Pure; any thread.
class HangingProtocol
{
public:
    struct Cell
    {
        QString study; ///< "current" or "prior"
        QString view;  ///< "frontal", "lateral" or "any"
    };
    struct Protocol
    {
        QString name;
        QStringList modalities; ///< empty: any
        int rows = 1;
        int columns = 1;
        std::vector<Cell> cells;
        QStringList required; ///< "current.frontal", "prior.lateral", ...
    };
    /// A protocol applied to a study: one instance per cell (an empty path: nothing to show).
    struct Arrangement
    {
        QString protocol; ///< empty when no protocol applied
        int rows = 1;
        int columns = 1;
        std::vector<Cell> cells;
        std::vector<StudyInstance> instances;
    };

    /// Reads the protocols; throws StudyError(BadArgument) naming what is malformed.
    static std::vector<Protocol> load(const QString& path);
    /// "frontal" (PA, AP or no view), "lateral" (LL, RL, LATERAL, LAT, L...) or "other".
    static QString viewClass(const QString& viewPosition);
    /// The first protocol that applies to `current` (and `prior`, may be null).
    static Arrangement arrange(const std::vector<Protocol>& protocols, const Study& current,
                               const Study* prior);
};

} // namespace chexview
