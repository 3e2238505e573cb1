# qmac_rtl_sources(VAR FILE_LIST BASE): the sources of an RTL file list (rtl/files.f: one path per line
# relative to BASE, compile order, `#` comments) as absolute paths in VAR. One reader for the build
# (rtl/CMakeLists.txt, BASE the repository) and for the installed package (qmacConfig.cmake, BASE
# share/qmac), so that both see the same list in the same order.
function(qmac_rtl_sources var file_list base)
  file(STRINGS ${file_list} files REGEX "^[^#].*\\.sv$")
  set(sources "")
  foreach(f IN LISTS files)
    list(APPEND sources ${base}/${f})
  endforeach()
  set(${var} ${sources} PARENT_SCOPE)
endfunction()
