# Installed layout and the Debian package (CPack). `packaging/make-deb.sh` builds
# build/chexview_<version>_amd64.deb. The executables find everything relative to themselves:
#   /usr/bin/chexview, /usr/bin/chexview-cli
#   /usr/lib/<multiarch>/chexview/libchexview_torch.so (a private plugin dir: no ldconfig needed)
#   /usr/share/chexview/{dataset,sample}              (bin/../share/chexview)
#   /usr/share/chexview/models/chexnet-demo           (the default model package)
#   /usr/share/chexview/pytorch/chexview_pytorch      (worker, training, converters)
#   /usr/share/applications, metainfo, icons          (desktop integration)
set(CHEXVIEW_DEB_DIR ${CMAKE_CURRENT_LIST_DIR})
set(CHEXVIEW_APP_ID io.github.chexview.Chexview)

install(TARGETS chexview chexview-cli RUNTIME DESTINATION bin)
install(TARGETS chexview_torch LIBRARY DESTINATION lib/${CMAKE_LIBRARY_ARCHITECTURE}/chexview)
# calibration/: the 100 NIH images `chexview-cli convert` calibrates INT8 models on.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/dataset ${PROJECT_SOURCE_DIR}/resources/sample
        ${PROJECT_SOURCE_DIR}/resources/calibration ${PROJECT_SOURCE_DIR}/resources/hanging
        DESTINATION share/chexview)
# The default model package and the Python package: core/pytorch/CMakeLists.txt.
install(FILES ${CHEXVIEW_DEB_DIR}/${CHEXVIEW_APP_ID}.desktop DESTINATION share/applications)
install(FILES ${CHEXVIEW_DEB_DIR}/${CHEXVIEW_APP_ID}.metainfo.xml DESTINATION share/metainfo)
install(FILES ${CHEXVIEW_DEB_DIR}/${CHEXVIEW_APP_ID}.svg
        DESTINATION share/icons/hicolor/scalable/apps)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/resources/sample/PROVENANCE.md
        ${CHEXVIEW_DEB_DIR}/copyright DESTINATION share/doc/chexview)

# Man pages generated from each executable's --help (so they cannot drift), and the changelog
# (a native package: changelog.gz), both gzip -9n, built with the executables. Not in the
# sanitizer build (its executables' leak reports at exit would fail the step; it is never packaged).
if(NOT CHEXVIEW_SANITIZE)
set(CHEXVIEW_DEB_BUILD ${CMAKE_BINARY_DIR}/deb)
set(manpages "")
foreach(exe chexview chexview-cli)
    if(exe STREQUAL "chexview")
        set(summary "chest X-ray viewer with CheXNet findings (not for clinical use)")
    else()
        set(summary "command-line chest X-ray tools: predict, evaluate, report, PACS, train, convert")
    endif()
    add_custom_command(OUTPUT ${CHEXVIEW_DEB_BUILD}/${exe}.1.gz
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CHEXVIEW_DEB_BUILD}
        COMMAND ${CHEXVIEW_PYTHON} ${CHEXVIEW_DEB_DIR}/manpage.py ${exe} ${summary} ${PROJECT_VERSION}
                ${CHEXVIEW_DEB_BUILD}/${exe}.1.gz -- $<TARGET_FILE:${exe}> --help
        DEPENDS ${exe} ${CHEXVIEW_DEB_DIR}/manpage.py VERBATIM)
    list(APPEND manpages ${CHEXVIEW_DEB_BUILD}/${exe}.1.gz)
endforeach()
add_custom_command(OUTPUT ${CHEXVIEW_DEB_BUILD}/changelog.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CHEXVIEW_DEB_BUILD}
    COMMAND ${CHEXVIEW_PYTHON} -c "import gzip,sys; open(sys.argv[2],'wb').write(gzip.compress(open(sys.argv[1],'rb').read(),9,mtime=0))"
            ${CHEXVIEW_DEB_DIR}/changelog ${CHEXVIEW_DEB_BUILD}/changelog.gz
    DEPENDS ${CHEXVIEW_DEB_DIR}/changelog VERBATIM)
add_custom_target(chexview_deb_docs ALL DEPENDS ${manpages} ${CHEXVIEW_DEB_BUILD}/changelog.gz)
install(FILES ${manpages} DESTINATION share/man/man1)
install(FILES ${CHEXVIEW_DEB_BUILD}/changelog.gz DESTINATION share/doc/chexview)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME chexview)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "chexview")
set(CPACK_PACKAGE_CONTACT "chexview developers <chexview@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "chest X-ray viewer with CheXNet findings (not for clinical use)")
# The extended description only: CPack puts the summary in front as the synopsis line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Opens DICOM (all common transfer syntaxes), PNG, JPEG and TIFF chest X-rays\nwith window/level and a DICOM tags panel, runs CheXNet (DenseNet121, 14\nChestX-ray14 findings) with a heatmap per finding, anonymizes everything it\nshows and exports, and writes one-page PDF reports. chexview-cli also trains\nCheXNet and converts published checkpoints. Research, teaching and\ndemonstration only. The bundled model has untrained demo weights.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Library dependencies from the binaries (dpkg-shlibdeps: Qt, DCMTK, OpenCV, OpenJPEG, LibTorch),
# plus what is loaded at run time rather than linked: Qt's platform plugins, Qt Sql's SQLite
# driver (the study index) and the fonts; and
# OpenBLAS, which LibTorch reaches through libblas.so.3 (netlib's reference BLAS otherwise).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The Python package (worker engine, training, converters) runs in Debian's Python with its torch.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6sql6-sqlite, fonts-dejavu-core, python3, python3-numpy, python3-pil")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp, python3-torch, python3-torchvision")
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR})
set(CPACK_STRIP_FILES ON)
include(CPack)
