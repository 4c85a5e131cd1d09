// Merged into @jupyterlab/builder's webpack configuration (package.json: jupyterlab.webpackConfig).
// Webpack's default "deterministic" module ids hash each module's name, and the name of the
// module federation container holds the absolute path of the checkout: the committed build would
// then differ from a rebuild in any other folder (CI's clone). Ids in module order do not.
module.exports = {
  optimization: { moduleIds: 'natural' }
};
