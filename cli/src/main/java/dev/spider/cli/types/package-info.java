/**
 * The TDL value types job files name ({@link dev.spider.cli.types.TdlType}) and the one converter
 * between JSON and the MessagePack tasks exchange ({@link dev.spider.cli.types.TdlValues}), typed
 * for job files and untyped for {@code spider exec}; see docs/value-encodings.md. Depends on no
 * other package of the command line.
 */
package dev.spider.cli.types;
