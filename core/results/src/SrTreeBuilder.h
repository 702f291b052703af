#pragma once

#include "chexview/results/CodedConcept.h"

#include <QList>
#include <QPointF>
#include <QString>

#include <dcmtk/dcmsr/dsrdoctr.h>

namespace chexview {

/// Adds content items to a DCMTK SR document tree, each one checked (a refused item or value
/// throws std::runtime_error naming the concept); the tree's cursor follows the last item, as
/// DCMTK's does. The building blocks of every SR chexview writes (MeasurementReportWriter,
/// MeasurementSrWriter). Private to chexview_results; one builder per tree, one thread.
class SrTreeBuilder
{
public:
    using Rel = DSRTypes::E_RelationshipType;
    using Mode = DSRTypes::E_AddMode;

    explicit SrTreeBuilder(DSRDocumentTree& tree) : m_tree(tree) {}

    void add(Rel rel, DSRTypes::E_ValueType type, const CodedConcept& concept, Mode mode);
    void text(Rel rel, const CodedConcept& concept, const QString& value,
              Mode mode = DSRTypes::AM_afterCurrent);
    void uid(Rel rel, const CodedConcept& concept, const QString& value,
             Mode mode = DSRTypes::AM_afterCurrent);
    void code(Rel rel, const CodedConcept& concept, const CodedConcept& value,
              Mode mode = DSRTypes::AM_afterCurrent);
    /// A CONTAINS NUM with `unit` (UCUM), the value written with 9 significant digits.
    void num(const CodedConcept& concept, double value, const CodedConcept& unit,
             Mode mode = DSRTypes::AM_afterCurrent);
    void container(Rel rel, const CodedConcept& concept, Mode mode = DSRTypes::AM_afterCurrent);
    /// An IMAGE item (no concept name) referencing one SOP instance.
    void image(Rel rel, const QString& sopClassUid, const QString& sopInstanceUid,
               Mode mode = DSRTypes::AM_afterCurrent);
    /// A 2D SCOORD ("POLYLINE", "POLYGON", "ELLIPSE", "POINT", "CIRCLE"; POLYGON is written as a
    /// closed POLYLINE, as DICOM 2D SCOORD has no POLYGON) in image pixel coordinates (column,
    /// row), with its SELECTED FROM image below it; the cursor stays on the SCOORD.
    void scoord(Rel rel, const QString& graphicType, const QList<QPointF>& points,
                const QString& sopClassUid, const QString& sopInstanceUid,
                Mode mode = DSRTypes::AM_afterCurrent);
    void up() { m_tree.goUp(); }
    DSRDocumentTree& tree() { return m_tree; }

    static OFString latin1(const QString& s);
    static OFString utf8(const QString& s);
    static DSRCodedEntryValue coded(const CodedConcept& c);

private:
    static void check(const OFCondition& cond, const CodedConcept& concept);
    DSRDocumentTree& m_tree;
};

} // namespace chexview
